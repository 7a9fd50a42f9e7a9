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
        Double worse = worst == null ? other.worst : other.worst == null ? worst
                : Double.valueOf(lowerIsWorse() ? Math.min(worst, other.worst) : Math.max(worst, other.worst));
        Long breached = breachedAt == null ? other.breachedAt : other.breachedAt == null ? breachedAt
                : Long.valueOf(Math.min(breachedAt, other.breachedAt));
        return new ThresholdResult(threshold, metric, signal, limit, passed && other.passed, worse, breached,
                aborted || other.aborted, windows + other.windows);
    }

    /** Whether the bound is a minimum: the achieved ratio's, or an observed series' that must stay at least. */
    private boolean lowerIsWorse() {
        Threshold.Metric kind = Threshold.Metric.of(metric);
        // an observed threshold's direction is its own; its name, as Threshold writes it, says which
        return kind == Threshold.Metric.OBSERVED ? threshold.contains(" >= ") : kind != null && !kind.higherIsWorse();
    }
}
