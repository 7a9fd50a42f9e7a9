package io.moniflux.telemetry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Metric semantics that every protocol must keep. */
public enum MetricKind {
    /** Monotonic per series, cumulative since the series' start time. */
    COUNTER,
    /** A value that goes up and down. */
    GAUGE,
    /** Cumulative bucket counts over fixed bounds, count and sum of observations. */
    HISTOGRAM,
    /** OpenTelemetry's base-2 exponential histogram: cumulative counts of buckets whose bounds follow from a scale. */
    EXPONENTIAL_HISTOGRAM,
    /** Quantiles of recent observations, with the cumulative count and sum (Prometheus' summary). */
    SUMMARY;

    /** The name users write in {@code payload.metricKinds}: {@code exponential_histogram}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MetricKind> ofKey(String key) {
        return Arrays.stream(values()).filter(kind -> kind.key().equals(key)).findFirst();
    }
}
