package io.moniflux.results;

import java.util.Locale;

/**
 * A pass/fail criterion as it is judged, over a sliding window of seconds: the error rate, the missed
 * rate, a latency percentile or the ratio of achieved to target rate, of one signal or of all of them
 * together. A test defines it as a {@code ThresholdSpec}; this is that definition checked, with its
 * defaults filled in.
 *
 * @param signal     logs, metrics or traces; null for all signals together
 * @param percentile for latency: 50, 90, 99, 99.9...
 * @param bound      the most the value may be, or for the achieved ratio the least
 * @param window     seconds the value is computed over, sliding by one second
 * @param aborts     a breach stops the run at once, which then fails; otherwise it only fails at the end
 * @param delay      seconds from the start during which a breach does not abort (warm-up)
 * @param series     for an observed threshold, the selector of the watched series it judges (their sum)
 * @param atMost     whether the bound is a maximum; for all metrics but observed, it follows from the metric
 */
public record Threshold(Metric metric, String signal, Double percentile, double bound, int window, boolean aborts,
        int delay, String series, boolean atMost) {

    public Threshold(Metric metric, String signal, Double percentile, double bound, int window, boolean aborts, int delay) {
        this(metric, signal, percentile, bound, window, aborts, delay, null, metric.higherIsWorse());
    }

    public static final int DEFAULT_WINDOW = 10;

    /** What a threshold measures, by the name a definition gives it. */
    public enum Metric {
        ERROR_RATE("errorRate"), MISSED_RATE("missedRate"), LATENCY("latency"), ACHIEVED_RATIO("achievedRatio"),
        /** A series of a watched endpoint: above a max (or below a min) for every second of the window. */
        OBSERVED("observed");

        private final String key;

        Metric(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /**
         * Whether a higher value is worse (all but the achieved ratio, whose bound is a minimum); an observed
         * series may have either bound, and its threshold says which.
         */
        public boolean higherIsWorse() {
            return this != ACHIEVED_RATIO;
        }

        /** The metric named {@code key}, or null. */
        public static Metric of(String key) {
            for (Metric metric : values()) {
                if (metric.key.equals(key)) {
                    return metric;
                }
            }
            return null;
        }
    }

    /** A threshold of one signal's {@code metric}, with no bound worth breaking: to measure it only. */
    public static Threshold measuring(Metric metric, String signal, Double percentile) {
        return new Threshold(metric, signal, percentile, metric.higherIsWorse() ? Double.MAX_VALUE : 0, 1, false, 0);
    }

    /** Whether a higher value is worse: the bound is a maximum. */
    public boolean higherIsWorse() {
        return atMost;
    }

    /** Whether {@code value} breaks this threshold. */
    public boolean breachedBy(double value) {
        return atMost ? value > bound : value < bound;
    }

    /** How people read it: {@code p99 latency(logs) <= 1000 ms over 10s}. */
    public String name() {
        return condition() + " over " + window + "s";
    }

    /** What it measures: {@code p99 latency(logs)}. */
    public String subject() {
        if (metric == Metric.OBSERVED) {
            return "observed " + series;
        }
        return (metric == Metric.LATENCY ? "p" + number(percentile) + " latency" : metric.key()) + "("
                + (signal == null ? "all" : signal) + ")";
    }

    /** What must hold, without the window: {@code p99 latency(logs) <= 1000 ms}. */
    public String condition() {
        return subject() + (atMost ? " <= " : " >= ") + number(bound) + unit();
    }

    /** A value of it as people read it: {@code 1250 ms}. */
    public String format(double value) {
        return number(Math.round(value * 1_000_000) / 1_000_000.0) + unit();
    }

    private String unit() {
        return metric == Metric.LATENCY ? " ms" : "";
    }

    /** A number without a needless fraction: {@code 1000}, {@code 0.01}. */
    public static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.6f", value).replaceAll("0+$", "");
    }
}
