package io.moniflux.watch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.loadtest.RunStatus;
import io.moniflux.results.CapacityResult;
import io.moniflux.results.ThresholdResult;
import io.moniflux.results.Verification;
import tools.jackson.databind.JsonNode;

/**
 * Two or more runs side by side, the first the baseline: what their definitions differ in, each
 * signal's figures with their delta and ratio to the baseline, their timelines on one axis of seconds
 * from each run's start, and their thresholds, capacity answers and verification.
 *
 * @param definition the fields of the definitions that differ, each with its value in every run (null where absent)
 * @param signals    per signal, a column per run (null where the run had no such signal)
 * @param timeline   per signal, a row per second from start: each run's sent/s and p99
 * @param observed   per series of the watched endpoints, a row per second from start: each run's value
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunComparison(List<Run> runs, List<Difference> definition, Map<String, List<Column>> signals,
        Map<String, List<Second>> timeline, Map<String, List<Observed>> observed, List<List<ThresholdResult>> thresholds, List<CapacityResult> capacity,
        List<Verification> verification, Instant generatedAt) {

    /** A run to compare, named by its test. */
    public record Key(String testID, String runID) {
    }

    public record Run(String testID, String runID, int number, RunStatus status, Instant startedAt, Instant endedAt,
            double elapsed, String destinationType, String endpoint) {
    }

    public record Difference(String field, List<JsonNode> values) {
    }

    /**
     * One run's figures of a signal, and how they compare with the baseline's.
     *
     * @param vsBaseline absent for the baseline itself
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Column(RunReport.SignalSummary results, Delta vsBaseline) {
    }

    /**
     * The differences to the baseline (this run's figure minus the baseline's) and ratios (this run's
     * over the baseline's; absent where the baseline's is 0).
     */
    public record Delta(long sent, Double sentRatio, double achievedRate, Double achievedRateRatio, long failed, long missed,
            double p50Ms, double p99Ms, Double p99Ratio) {
    }

    /** One second from start: each run's sent/s and p99 (ms), null where the run had no such second. */
    public record Second(long second, List<Long> sent, List<Double> p99) {
    }

    /** One second from start: each run's value of a watched series, null where the run had none. */
    public record Observed(long second, List<Double> values) {
    }
}
