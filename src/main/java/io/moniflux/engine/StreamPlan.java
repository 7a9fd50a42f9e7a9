package io.moniflux.engine;

import java.util.List;

import io.moniflux.results.RateChange;
import io.moniflux.telemetry.Signal;

/**
 * One signal of a run part: its rate (events per second for this part), an optional profile of
 * stages, the events per request, and — when earlier owners ran it (failover) — the rate changes
 * they made and how many of its events they used up (attempted or missed), where numbering goes on;
 * -1 when unknown, and then it goes on from the events due by the time already run.
 */
public record StreamPlan(Signal signal, double rate, List<Stage> stages, int batchSize,
        List<RateChange> changes, long eventsUsed) {

    public StreamPlan {
        stages = stages == null ? List.of() : List.copyOf(stages);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public StreamPlan(Signal signal, double rate, List<Stage> stages, int batchSize) {
        this(signal, rate, stages, batchSize, List.of(), -1);
    }
}
