package io.moniflux.results;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A pass/fail criterion on a run, as k6 users know them, over a sliding window of seconds: the
 * error rate, the missed rate, a latency percentile, or the ratio of achieved to target rate, of
 * one signal or of all together.
 *
 * @param metric         errorRate (failed / answered), missedRate (missed / due), latency (ms, at
 *                       {@code percentile}), achievedRatio (accepted / target)
 * @param signal         logs, metrics or traces; absent for all signals together
 * @param percentile     for latency: 50, 90, 99, 99.9...
 * @param max            the most the value may be (errorRate, missedRate, latency)
 * @param min            the least the value may be (achievedRatio)
 * @param window         seconds the value is computed over, sliding by one second
 * @param abortOnFail    a breach stops the run at once, which then fails; otherwise the run only
 *                       fails at its end
 * @param delayAbortEval seconds from the start during which a breach does not abort (warm-up); it
 *                       still fails the threshold
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Threshold(String metric, String signal, Double percentile, Double max, Double min, Integer window,
        Boolean abortOnFail, Integer delayAbortEval) {

    public static final int DEFAULT_WINDOW = 10;

    /** What a threshold measures. */
    public enum Metric {
        ERROR_RATE("errorRate"), MISSED_RATE("missedRate"), LATENCY("latency"), ACHIEVED_RATIO("achievedRatio");

        private final String key;

        Metric(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** Whether a higher value is worse (all but the achieved ratio). */
        public boolean higherIsWorse() {
            return this != ACHIEVED_RATIO;
        }

        public static Metric of(String key) {
            for (Metric metric : values()) {
                if (metric.key.equals(key)) {
                    return metric;
                }
            }
            return null;
        }
    }

    @JsonIgnore
    public Metric kind() {
        return Metric.of(metric);
    }

    @JsonIgnore
    public int windowSeconds() {
        return window == null ? DEFAULT_WINDOW : window;
    }

    @JsonIgnore
    public boolean aborts() {
        return Boolean.TRUE.equals(abortOnFail);
    }

    @JsonIgnore
    public int delaySeconds() {
        return delayAbortEval == null ? 0 : delayAbortEval;
    }

    @JsonIgnore
    public double limit() {
        return max != null ? max : min;
    }

    /** Whether {@code value} breaks this threshold. */
    public boolean breachedBy(double value) {
        return max != null ? value > max : value < min;
    }

    /** How people read it: {@code p99 latency(logs) <= 1000 ms over 10s}. */
    @JsonIgnore
    public String name() {
        return condition() + " over " + windowSeconds() + "s";
    }

    /** What it measures: {@code p99 latency(logs)}. */
    @JsonIgnore
    public String subject() {
        return (kind() == Metric.LATENCY ? "p" + number(percentile) + " latency" : metric) + "(" + (signal == null ? "all" : signal) + ")";
    }

    /** What must hold, without the window: {@code p99 latency(logs) <= 1000 ms}. */
    @JsonIgnore
    public String condition() {
        return subject() + " " + (max != null ? "<= " : ">= ") + number(limit()) + unit();
    }

    /** A value of it as people read it: {@code 1250 ms}. */
    public String format(double value) {
        return number(Math.round(value * 1_000_000) / 1_000_000.0) + unit();
    }

    private String unit() {
        return kind() == Metric.LATENCY ? " ms" : "";
    }

    public static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.6f", value).replaceAll("0+$", "");
    }
}
