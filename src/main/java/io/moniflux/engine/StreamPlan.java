package io.moniflux.engine;

import java.util.List;

import io.moniflux.telemetry.Signal;

/**
 * One signal of a run part: its rate (events per second for this part), an optional profile of
 * stages, and the events per request.
 */
public record StreamPlan(Signal signal, double rate, List<Stage> stages, int batchSize) {

    public StreamPlan {
        stages = stages == null ? List.of() : List.copyOf(stages);
    }
}
