package io.moniflux.engine;

import java.util.List;

import io.moniflux.telemetry.Signal;

/**
 * One signal of a run part: its rate (events per second for this part), an optional profile of
 * stages, the events per request, and the rate changes made while earlier owners ran it (failover).
 */
public record StreamPlan(Signal signal, double rate, List<Stage> stages, int batchSize,
        List<io.moniflux.results.RateChange> changes) {

    public StreamPlan {
        stages = stages == null ? List.of() : List.copyOf(stages);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public StreamPlan(Signal signal, double rate, List<Stage> stages, int batchSize) {
        this(signal, rate, stages, batchSize, List.of());
    }
}
