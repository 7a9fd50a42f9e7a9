package io.moniflux.engine;

import java.time.Duration;

import io.moniflux.results.RunResults;

/**
 * How the execution of a run part ended.
 *
 * @param stopReason why it was stopped before its end, or null when it ran its duration
 * @param elapsed    of the run's duration, including what earlier owners of the part ran
 */
public record ExecutionOutcome(String stopReason, RunResults results, Duration elapsed) {

    public boolean completed() {
        return stopReason == null;
    }
}
