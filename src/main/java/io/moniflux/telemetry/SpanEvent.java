package io.moniflux.telemetry;

import java.util.List;

/**
 * One span, with W3C ids as lower-case hex: 32 digits of trace id, 16 of span id; the parent is null
 * for a root span. An error span carries a status message and, among its events, the {@code exception}
 * event OpenTelemetry's semantic conventions describe.
 */
public record SpanEvent(String traceId, String spanId, String parentSpanId, String service, String operation,
        SpanKind kind, long startEpochNanos, long endEpochNanos, boolean error, Attributes attributes, long seq,
        String statusMessage, List<Event> events, List<Link> links) implements TelemetryEvent {

    public enum SpanKind {
        SERVER, CLIENT, INTERNAL, PRODUCER, CONSUMER
    }

    /** Something that happened during the span, at a time within it. */
    public record Event(String name, long epochNanos, Attributes attributes) {
    }

    /** A span of another trace this one is causally linked to (a batch consumer and its producers). */
    public record Link(String traceId, String spanId) {
    }

    public SpanEvent {
        events = events == null ? List.of() : events;
        links = links == null ? List.of() : links;
    }

    public SpanEvent(String traceId, String spanId, String parentSpanId, String service, String operation, SpanKind kind,
            long startEpochNanos, long endEpochNanos, boolean error, Attributes attributes, long seq) {
        this(traceId, spanId, parentSpanId, service, operation, kind, startEpochNanos, endEpochNanos, error, attributes, seq,
                null, null, null);
    }

    public long durationNanos() {
        return endEpochNanos - startEpochNanos;
    }

    /** The same span with its sequence number. */
    SpanEvent withSeq(long seq) {
        return new SpanEvent(traceId, spanId, parentSpanId, service, operation, kind, startEpochNanos, endEpochNanos, error,
                attributes, seq, statusMessage, events, links);
    }
}
