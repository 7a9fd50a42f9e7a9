package io.moniflux.telemetry;

/** One generated event: a log record, a metric point or a span, numbered within its stream. */
public sealed interface TelemetryEvent permits LogEvent, MetricEvent, SpanEvent {

    /** Sequence number of the event in its signal stream of the run. */
    long seq();
}
