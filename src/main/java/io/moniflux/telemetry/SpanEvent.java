package io.moniflux.telemetry;

/**
 * One span, with W3C ids as lower-case hex: 32 digits of trace id, 16 of span id; the parent is null
 * for a root span.
 */
public record SpanEvent(String traceId, String spanId, String parentSpanId, String service, String operation,
        SpanKind kind, long startEpochNanos, long endEpochNanos, boolean error, Attributes attributes, long seq)
        implements TelemetryEvent {

    public enum SpanKind {
        SERVER, CLIENT, INTERNAL, PRODUCER, CONSUMER
    }

    public long durationNanos() {
        return endEpochNanos - startEpochNanos;
    }
}
