package io.moniflux.telemetry;

/** One metric series: a name and a label set, fixed for the life of a stream. */
public record MetricSeries(String name, MetricKind kind, String unit, String description, Attributes labels,
        long startEpochNanos) {
}
