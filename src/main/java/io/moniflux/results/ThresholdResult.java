package io.moniflux.results;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How one threshold fared over a run.
 *
 * @param threshold the threshold as people read it
 * @param worst     the worst value over any window; absent when no window had data
 * @param breachedAt second of the run at which it first broke, if it did
 * @param aborted   whether its breach stopped the run
 * @param windows   windows evaluated
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThresholdResult(String threshold, String metric, String signal, double limit, boolean passed, Double worst,
        Long breachedAt, boolean aborted, long windows) {

    /** Two parts' verdicts on the same threshold: it fails if either failed, and the worse value stays. */
    public ThresholdResult plus(ThresholdResult other) {
        Threshold.Metric kind = Threshold.Metric.of(metric);
        Double worse = worst == null ? other.worst : other.worst == null ? worst
                : Double.valueOf(kind != null && !kind.higherIsWorse() ? Math.min(worst, other.worst) : Math.max(worst, other.worst));
        Long breached = breachedAt == null ? other.breachedAt : other.breachedAt == null ? breachedAt
                : Long.valueOf(Math.min(breachedAt, other.breachedAt));
        return new ThresholdResult(threshold, metric, signal, limit, passed && other.passed, worse, breached,
                aborted || other.aborted, windows + other.windows);
    }
}
