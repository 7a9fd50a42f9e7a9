package io.moniflux.telemetry;

/** Metric semantics that every protocol must keep. */
public enum MetricKind {
    /** Monotonic per series, cumulative since the series' start time. */
    COUNTER,
    /** A value that goes up and down. */
    GAUGE,
    /** Cumulative bucket counts, count and sum of observations. */
    HISTOGRAM
}
