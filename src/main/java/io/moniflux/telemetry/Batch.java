package io.moniflux.telemetry;

import java.util.List;

/** Events of one signal that travel in one request. */
public record Batch<E>(Signal signal, RunMarker marker, List<E> events) {

    public int size() {
        return events.size();
    }

    @SuppressWarnings("unchecked")
    public List<LogEvent> logs() {
        return (List<LogEvent>) events;
    }

    @SuppressWarnings("unchecked")
    public List<MetricEvent> metrics() {
        return (List<MetricEvent>) events;
    }

    @SuppressWarnings("unchecked")
    public List<SpanEvent> spans() {
        return (List<SpanEvent>) events;
    }
}
