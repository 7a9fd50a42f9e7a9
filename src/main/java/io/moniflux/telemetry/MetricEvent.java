package io.moniflux.telemetry;

/**
 * One metric point. Counters carry their cumulative {@code value}; gauges their current one;
 * histograms their cumulative {@code count}, {@code sum} and {@code bucketCounts} over {@code bounds}
 * (one more count than bounds: the last bucket is +Inf); exponential histograms their count, sum and
 * {@code exponential} buckets; summaries their count, sum and {@code quantiles}.
 */
public record MetricEvent(long epochNanos, MetricSeries series, double value, long count, double sum,
        double[] bounds, long[] bucketCounts, ExponentialBuckets exponential, Quantiles quantiles, long seq)
        implements TelemetryEvent {

    /** A counter, gauge or (fixed-bucket) histogram point. */
    public MetricEvent(long epochNanos, MetricSeries series, double value, long count, double sum, double[] bounds,
            long[] bucketCounts, long seq) {
        this(epochNanos, series, value, count, sum, bounds, bucketCounts, null, null, seq);
    }

    /**
     * Positive buckets of a base-2 exponential histogram, as OpenTelemetry defines them: bucket
     * {@code offset + i} holds {@code counts[i]} observations in (base^(offset+i), base^(offset+i+1)],
     * base = 2^(2^-scale).
     */
    public record ExponentialBuckets(int scale, long zeroCount, int offset, long[] counts) {
    }

    /** Values at {@code quantiles} (0..1) of the recent observations. */
    public record Quantiles(double[] quantiles, double[] values) {
    }
}
