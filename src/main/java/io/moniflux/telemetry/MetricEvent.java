package io.moniflux.telemetry;

/**
 * One metric point. Counters carry their cumulative {@code value}; gauges their current one;
 * histograms their cumulative {@code count}, {@code sum} and {@code bucketCounts} over {@code bounds}
 * (one more count than bounds: the last bucket is +Inf).
 */
public record MetricEvent(long epochNanos, MetricSeries series, double value, long count, double sum,
        double[] bounds, long[] bucketCounts, long seq) implements TelemetryEvent {
}
