package io.moniflux.delivery;

import java.util.Map;

import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.LogEvent;
import io.moniflux.telemetry.MetricEvent;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.SpanEvent;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The Go service's JSON: one object per request for a batch of one event, an array otherwise. Every
 * event carries testID, runID, part and seq, so that what arrives can be reconciled with what was sent.
 */
final class GoJsonEncoder {

    private static final JsonFactory JSON = new JsonFactory();

    private GoJsonEncoder() {
    }

    static ByteSink encode(Batch<?> batch, int estimatedEventBytes) {
        ByteSink sink = new ByteSink(batch.size() * estimatedEventBytes + 16);
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), sink)) {
            boolean array = batch.size() != 1;
            if (array) {
                json.writeStartArray();
            }
            for (Object event : batch.events()) {
                switch (event) {
                    case LogEvent log -> log(json, log, batch.marker());
                    case MetricEvent metric -> metric(json, metric, batch.marker());
                    case SpanEvent span -> span(json, span, batch.marker());
                    default -> throw new IllegalArgumentException("unknown event " + event.getClass());
                }
            }
            if (array) {
                json.writeEndArray();
            }
        }
        return sink;
    }

    private static void log(JsonGenerator json, LogEvent log, RunMarker marker) {
        json.writeStartObject();
        json.writeStringProperty("timestamp", Timestamps.iso(log.epochNanos()));
        json.writeStringProperty("level", log.level());
        json.writeStringProperty("message", log.message());
        json.writeStringProperty("service", log.service());
        json.writeStringProperty("host", log.host());
        marker(json, marker, log.seq());
        attributes(json, "attributes", log.attributes());
        json.writeEndObject();
    }

    private static void metric(JsonGenerator json, MetricEvent metric, RunMarker marker) {
        json.writeStartObject();
        json.writeStringProperty("timestamp", Timestamps.iso(metric.epochNanos()));
        json.writeStringProperty("name", metric.series().name());
        json.writeStringProperty("type", metric.series().kind().name().toLowerCase());
        json.writeStringProperty("unit", metric.series().unit());
        switch (metric.series().kind()) {
            case COUNTER, GAUGE -> json.writeNumberProperty("value", metric.value());
            case HISTOGRAM -> {
                json.writeNumberProperty("count", metric.count());
                json.writeNumberProperty("sum", metric.sum());
                json.writeName("buckets");
                json.writeStartArray();
                long cumulative = 0;
                for (int i = 0; i < metric.bucketCounts().length; i++) {
                    cumulative += metric.bucketCounts()[i];
                    json.writeStartObject();
                    if (i < metric.bounds().length) {
                        json.writeNumberProperty("le", metric.bounds()[i]);
                    } else {
                        json.writeStringProperty("le", "+Inf");
                    }
                    json.writeNumberProperty("count", cumulative);
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
        }
        attributes(json, "labels", metric.series().labels());
        marker(json, marker, metric.seq());
        json.writeEndObject();
    }

    private static void span(JsonGenerator json, SpanEvent span, RunMarker marker) {
        json.writeStartObject();
        json.writeStringProperty("traceID", span.traceId());
        json.writeStringProperty("spanID", span.spanId());
        if (span.parentSpanId() != null) {
            json.writeStringProperty("parentSpanID", span.parentSpanId());
        }
        json.writeStringProperty("service", span.service());
        json.writeStringProperty("operation", span.operation());
        json.writeStringProperty("kind", span.kind().name().toLowerCase());
        json.writeStringProperty("startTime", Timestamps.iso(span.startEpochNanos()));
        json.writeStringProperty("endTime", Timestamps.iso(span.endEpochNanos()));
        json.writeNumberProperty("durationMs", span.durationNanos() / 1_000_000.0);
        json.writeStringProperty("status", span.error() ? "ERROR" : "OK");
        attributes(json, "attributes", span.attributes());
        marker(json, marker, span.seq());
        json.writeEndObject();
    }

    private static void marker(JsonGenerator json, RunMarker marker, long seq) {
        json.writeStringProperty("testID", marker.testID());
        json.writeStringProperty("runID", marker.runID());
        json.writeNumberProperty("part", marker.part());
        json.writeNumberProperty("seq", seq);
    }

    private static void attributes(JsonGenerator json, String name, Map<String, String> attributes) {
        json.writeName(name);
        json.writeStartObject();
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            json.writeStringProperty(attribute.getKey(), attribute.getValue());
        }
        json.writeEndObject();
    }
}
