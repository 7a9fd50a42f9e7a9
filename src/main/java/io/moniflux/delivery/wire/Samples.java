package io.moniflux.delivery.wire;

import io.moniflux.telemetry.MetricEvent;

/** How many series values a point becomes in the formats that spread histograms and summaries over fields or series. */
public final class Samples {

    private Samples() {
    }

    /**
     * Prometheus' classic expansion, which the Influx line protocol's fields follow too: a counter or
     * gauge is one value; a histogram one per bucket (+Inf included), a sum and a count; a summary one
     * per quantile, a sum and a count.
     */
    public static int expanded(MetricEvent point) {
        return switch (point.series().kind()) {
            case COUNTER, GAUGE -> 1;
            case HISTOGRAM -> point.bucketCounts().length + 2;
            case SUMMARY -> point.quantiles().quantiles().length + 2;
            case EXPONENTIAL_HISTOGRAM -> point.exponential().counts().length + 3; // buckets, zero bucket, sum, count
        };
    }
}
