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
 *                       {@code percentile}), achievedRatio (accepted / target), observed (a watched
 *                       endpoint's {@code series})
 * @param signal         logs, metrics or traces; absent for all signals together
 * @param percentile     for latency: 50, 90, 99, 99.9...
 * @param max            the most the value may be (errorRate, missedRate, latency)
 * @param min            the least the value may be (achievedRatio)
 * @param window         seconds the value is computed over, sliding by one second (default 10)
 * @param abortOnFail    a breach stops the run at once, which then fails; otherwise the run only
 *                       fails at its end
 * @param delayAbortEval seconds from the start during which a breach does not abort (warm-up); it
 *                       still fails the threshold
 * @param series         for {@code observed}: which series of the test's watched endpoints, as a
 *                       Prometheus selector ({@code otelcol_exporter_queue_size{exporter="otlp"}}); the
 *                       series it matches are summed each second, and the threshold breaks when the sum
 *                       stays above its max (or below its min) for the whole window
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A pass/fail criterion over a sliding window")
public record ThresholdSpec(@Schema(example = "errorRate", allowableValues = {"errorRate", "missedRate", "latency", "achievedRatio", "observed"}) String metric, @Schema(example = "logs") String signal,
        Double percentile, @Schema(example = "0.01") Double max, Double min, @Schema(example = "10") Integer window,
        Boolean abortOnFail, Integer delayAbortEval,
        @Schema(example = "otelcol_exporter_queue_size") String series) {

    /** The threshold as it is judged; a spec that passed validation always has one. */
    public Threshold rule() {
        Threshold.Metric kind = Threshold.Metric.of(metric);
        boolean atMost = kind == Threshold.Metric.OBSERVED ? max != null : kind.higherIsWorse();
        return new Threshold(kind, signal, percentile, atMost ? max : min,
                window == null ? Threshold.DEFAULT_WINDOW : window, Boolean.TRUE.equals(abortOnFail),
                delayAbortEval == null ? 0 : delayAbortEval, series, atMost);
    }
}
