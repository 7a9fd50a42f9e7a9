package io.moniflux.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.results.Threshold;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A pass/fail criterion of a test, as k6 users know them, over a sliding window of seconds: the error
 * rate, the missed rate, a latency percentile, or the ratio of achieved to target rate, of one signal
 * or of all together.
 *
 * @param metric         errorRate (failed / answered), missedRate (missed / due), latency (ms, at
 *                       {@code percentile}), achievedRatio (accepted / target)
 * @param signal         logs, metrics or traces; absent for all signals together
 * @param percentile     for latency: 50, 90, 99, 99.9...
 * @param max            the most the value may be (errorRate, missedRate, latency)
 * @param min            the least the value may be (achievedRatio)
 * @param window         seconds the value is computed over, sliding by one second (default 10)
 * @param abortOnFail    a breach stops the run at once, which then fails; otherwise the run only
 *                       fails at its end
 * @param delayAbortEval seconds from the start during which a breach does not abort (warm-up); it
 *                       still fails the threshold
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A pass/fail criterion over a sliding window")
public record ThresholdSpec(@Schema(example = "errorRate") String metric, @Schema(example = "logs") String signal,
        Double percentile, @Schema(example = "0.01") Double max, Double min, @Schema(example = "10") Integer window,
        Boolean abortOnFail, Integer delayAbortEval) {

    /** The threshold as it is judged; a spec that passed validation always has one. */
    public Threshold rule() {
        Threshold.Metric kind = Threshold.Metric.of(metric);
        return new Threshold(kind, signal, percentile, kind.higherIsWorse() ? max : min,
                window == null ? Threshold.DEFAULT_WINDOW : window, Boolean.TRUE.equals(abortOnFail),
                delayAbortEval == null ? 0 : delayAbortEval);
    }
}
