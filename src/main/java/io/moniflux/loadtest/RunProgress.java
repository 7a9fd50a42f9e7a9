package io.moniflux.loadtest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.moniflux.results.RunResults;

/**
 * Where a run is now, from what its owners last persisted.
 *
 * @param elapsed       seconds of the duration done
 * @param remaining     seconds left
 * @param targetRates   the rate each signal is asked for now, for the whole run
 * @param achievedRates events per second the destination accepted in the last complete second
 * @param results       counters and latency so far
 * @param parts         who executes what
 */
public record RunProgress(
        String runID,
        TestStatus status,
        Instant startedAt,
        double elapsed,
        double remaining,
        Map<String, Double> targetRates,
        Map<String, Double> achievedRates,
        RunResults results,
        List<PartProgress> parts) {

    /** One part: its owner replica, its state and how far it got. */
    public record PartProgress(int index, PartState state, String owner, double elapsed) {
    }
}
