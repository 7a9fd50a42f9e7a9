package io.moniflux.engine;

import java.time.Duration;

import io.moniflux.results.EndReason;
import io.moniflux.results.RunResults;

/**
 * How the execution of a run part ended.
 *
 * @param reason  why it stopped: completed when it ran its duration
 * @param elapsed of the run's duration, including what earlier owners of the part ran
 */
public record ExecutionOutcome(EndReason reason, RunResults results, Duration elapsed) {
}
