package io.moniflux.delivery.json;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.delivery.wire.JsonFactories;
import io.moniflux.delivery.wire.Timestamps;
import io.moniflux.telemetry.Attributes;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.LogEvent;
import io.moniflux.telemetry.MetricEvent;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.SpanEvent;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;

/**
 * The Go service's JSON: one object per request for a batch of one event, an array otherwise. Every
 * event carries testID, runID, part and seq, so that what arrives can be reconciled with what was sent.
 */
public final class GoJsonEncoder {

    private static final JsonFactory JSON = JsonFactories.ENCODING;
    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString LEVEL = new SerializedString("level");
    private static final SerializedString MESSAGE = new SerializedString("message");
    private static final SerializedString TEST_ID = new SerializedString("testID");
    private static final SerializedString RUN_ID = new SerializedString("runID");
    private static final SerializedString PART = new SerializedString("part");
    private static final SerializedString SEQ = new SerializedString("seq");
    private static final SerializedString ATTRIBUTES = new SerializedString("attributes");

    private GoJsonEncoder() {
    }

    /** Formats of rendered attribute sets, told apart by identity. */
    private static final Object LOG_TAIL = new Object();

    private record Marker(RunMarker marker, String rendered) {
    }

    private static volatile Marker lastMarker = new Marker(null, "");

    public static ByteSink encode(Batch<?> batch, int estimatedEventBytes) {
        ByteSink sink = new ByteSink(batch.size() * estimatedEventBytes + 16);
        String marker = marker(batch.marker());
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), sink)) {
            boolean array = batch.size() != 1;
            if (array) {
                json.writeStartArray();
            }
            for (Object event : batch.events()) {
                switch (event) {
                    case LogEvent log -> log(json, log, marker);
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

    /**
     * What changes per log (time, level, message, seq) is written field by field; what a log shares with
     * others — its run's marker, and service, host and attributes of its attribute set — is rendered
     * once and written raw.
     */
    /** One JSON object per line (NDJSON), for files. */
    public static ByteSink ndjson(Batch<?> batch, int estimatedEventBytes) {
        ByteSink sink = new ByteSink(batch.size() * estimatedEventBytes + 16);
        String marker = marker(batch.marker());
        for (Object event : batch.events()) {
            try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), sink)) {
                switch (event) {
                    case LogEvent log -> log(json, log, marker);
                    case MetricEvent metric -> metric(json, metric, batch.marker());
                    case SpanEvent span -> span(json, span, batch.marker());
                    default -> throw new IllegalArgumentException("unknown event " + event.getClass());
                }
            }
            sink.write('\n');
        }
        return sink;
    }

    /** Each event of a batch as its own JSON object, for message buses that carry one event per message. */
    public static List<byte[]> objects(Batch<?> batch, int estimatedEventBytes) {
        ByteSink lines = ndjson(batch, estimatedEventBytes);
        byte[] bytes = lines.array();
        List<byte[]> objects = new ArrayList<>(batch.size());
        int start = 0;
        for (int i = 0; i < lines.length(); i++) {
            if (bytes[i] == '\n') { // JSON escapes line breaks inside strings: each one ends an object
                objects.add(Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        return objects;
    }

    private static void log(JsonGenerator json, LogEvent log, String marker) {
        json.writeStartObject();
        json.writeName(TIMESTAMP);
        json.writeString(Timestamps.iso(log.epochNanos()));
        json.writeName(LEVEL);
        json.writeString(log.level());
        json.writeName(MESSAGE);
        json.writeString(log.message());
        json.writeName(SEQ);
        json.writeNumber(log.seq());
        json.writeRaw(marker);
        json.writeRaw(log.attributes().rendered(LOG_TAIL, GoJsonEncoder::logTail));
        json.writeEndObject();
    }

    /** {@code ,"testID":..,"runID":..,"part":..} of a run part, rendered once per part. */
    private static String marker(RunMarker marker) {
        Marker last = lastMarker;
        if (last.marker() == marker) {
            return last.rendered();
        }
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            json.writeStartObject();
            json.writeStringProperty("testID", marker.testID());
            json.writeStringProperty("runID", marker.runID());
            json.writeNumberProperty("part", marker.part());
            json.writeEndObject();
        }
        String object = text.toString();
        String rendered = "," + object.substring(1, object.length() - 1);
        lastMarker = new Marker(marker, rendered);
        return rendered;
    }

    /** {@code ,"service":..,"host":..,"attributes":{..}} of an attribute set. */
    private static String logTail(Map<String, String> values) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            json.writeStartObject();
            json.writeStringProperty("service", values.get("service.name"));
            json.writeStringProperty("host", values.get("host.name"));
            json.writeName("attributes");
            json.writeRawValue(objectOf(values));
            json.writeEndObject();
        }
        String object = text.toString();
        return "," + object.substring(1, object.length() - 1);
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
            case EXPONENTIAL_HISTOGRAM -> {
                MetricEvent.ExponentialBuckets buckets = metric.exponential();
                json.writeNumberProperty("count", metric.count());
                json.writeNumberProperty("sum", metric.sum());
                json.writeNumberProperty("scale", buckets.scale());
                json.writeNumberProperty("zeroCount", buckets.zeroCount());
                json.writeNumberProperty("offset", buckets.offset());
                json.writeName("bucketCounts");
                json.writeArray(buckets.counts(), 0, buckets.counts().length);
            }
            case SUMMARY -> {
                json.writeNumberProperty("count", metric.count());
                json.writeNumberProperty("sum", metric.sum());
                json.writeName("quantiles");
                json.writeStartArray();
                for (int q = 0; q < metric.quantiles().quantiles().length; q++) {
                    json.writeStartObject();
                    json.writeNumberProperty("quantile", metric.quantiles().quantiles()[q]);
                    json.writeNumberProperty("value", metric.quantiles().values()[q]);
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
        }
        json.writeName("labels");
        attributes(json, metric.series().labels());
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
        if (span.statusMessage() != null) {
            json.writeStringProperty("statusMessage", span.statusMessage());
        }
        json.writeName(ATTRIBUTES);
        attributes(json, span.attributes());
        if (!span.events().isEmpty()) {
            json.writeName("events");
            json.writeStartArray();
            for (SpanEvent.Event event : span.events()) {
                json.writeStartObject();
                json.writeStringProperty("name", event.name());
                json.writeStringProperty("time", Timestamps.iso(event.epochNanos()));
                json.writeName(ATTRIBUTES);
                attributes(json, event.attributes());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (!span.links().isEmpty()) {
            json.writeName("links");
            json.writeStartArray();
            for (SpanEvent.Link link : span.links()) {
                json.writeStartObject();
                json.writeStringProperty("traceID", link.traceId());
                json.writeStringProperty("spanID", link.spanId());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        marker(json, marker, span.seq());
        json.writeEndObject();
    }

    private static void marker(JsonGenerator json, RunMarker marker, long seq) {
        json.writeName(TEST_ID);
        json.writeString(marker.testID());
        json.writeName(RUN_ID);
        json.writeString(marker.runID());
        json.writeName(PART);
        json.writeNumber(marker.part());
        json.writeName(SEQ);
        json.writeNumber(seq);
    }

    /** Attribute sets come from a fixed pool: each is rendered to JSON once and then written raw. */
    private static void attributes(JsonGenerator json, Attributes attributes) {
        json.writeRawValue(attributes.rendered(GoJsonEncoder.class, GoJsonEncoder::objectOf));
    }

    public static String objectOf(Map<String, String> values) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            json.writeStartObject();
            for (Map.Entry<String, String> value : values.entrySet()) {
                json.writeStringProperty(value.getKey(), value.getValue());
            }
            json.writeEndObject();
        }
        return text.toString();
    }
}
