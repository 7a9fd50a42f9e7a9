package io.moniflux.telemetry;

import java.util.ArrayList;
import java.util.List;

/** Events of one signal that travel in one request. */
public record Batch<E extends TelemetryEvent>(Signal signal, RunMarker marker, List<E> events) {

    public int size() {
        return events.size();
    }

    /** The log records of the batch (all of them, in a batch of logs). */
    public List<LogEvent> logs() {
        List<LogEvent> logs = new ArrayList<>(events.size());
        for (TelemetryEvent event : events) {
            if (event instanceof LogEvent log) {
                logs.add(log);
            }
        }
        return logs;
    }

    /** The metric points of the batch. */
    public List<MetricEvent> metrics() {
        List<MetricEvent> metrics = new ArrayList<>(events.size());
        for (TelemetryEvent event : events) {
            if (event instanceof MetricEvent metric) {
                metrics.add(metric);
            }
        }
        return metrics;
    }

    /** The spans of the batch. */
    public List<SpanEvent> spans() {
        List<SpanEvent> spans = new ArrayList<>(events.size());
        for (TelemetryEvent event : events) {
            if (event instanceof SpanEvent span) {
                spans.add(span);
            }
        }
        return spans;
    }
}
