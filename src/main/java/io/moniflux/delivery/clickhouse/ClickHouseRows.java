package io.moniflux.delivery.clickhouse;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.delivery.wire.JsonFactories;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.LogEvent;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.SpanEvent;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * Rows of the Collector exporter's {@code otel_logs} and {@code otel_traces} tables, as JSONEachRow.
 * The run marker and seq are attributes ({@code moniflux.run_id}, {@code moniflux.seq}...), as in OTLP.
 *
 * <p>The exporter's tables use {@code Map} and {@code DateTime64(9)} columns, which ClickHouse has had
 * since 21.x. Older servers have neither: for them the tables hold attributes as {@code Nested(key,
 * value)} and seconds as {@code DateTime}, and the rows follow ({@code LogAttributes.key} and
 * {@code LogAttributes.value} arrays).
 */
final class ClickHouseRows {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private ClickHouseRows() {
    }

    static ByteSink rows(Batch<?> batch, boolean modern, int estimatedBytes) {
        ByteSink sink = new ByteSink(batch.size() * estimatedBytes + 16);
        for (Object event : batch.events()) {
            try (JsonGenerator json = JsonFactories.ENCODING.createGenerator(ObjectWriteContext.empty(), sink)) {
                switch (event) {
                    case LogEvent log -> log(json, log, batch.marker(), modern);
                    case SpanEvent span -> span(json, span, batch.marker(), modern);
                    default -> throw new IllegalArgumentException("clickhouse takes logs and traces");
                }
            }
            sink.write('\n');
        }
        return sink;
    }

    private static void log(JsonGenerator json, LogEvent log, RunMarker marker, boolean modern) {
        json.writeStartObject();
        json.writeStringProperty("Timestamp", timestamp(log.epochNanos(), modern));
        json.writeStringProperty("TraceId", "");
        json.writeStringProperty("SpanId", "");
        json.writeNumberProperty("TraceFlags", 0);
        json.writeStringProperty("SeverityText", log.level());
        json.writeNumberProperty("SeverityNumber", severity(log.level()));
        json.writeStringProperty("ServiceName", log.service());
        json.writeStringProperty("Body", log.message());
        Map<String, String> resource = new LinkedHashMap<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        log.attributes().values().forEach((key, value) -> (key.startsWith("service.") || key.startsWith("host.") ? resource : attributes)
                .put(key, value));
        attributes.putAll(marker(marker, log.seq()));
        map(json, "ResourceAttributes", resource, modern);
        map(json, "LogAttributes", attributes, modern);
        json.writeEndObject();
    }

    private static void span(JsonGenerator json, SpanEvent span, RunMarker marker, boolean modern) {
        json.writeStartObject();
        json.writeStringProperty("Timestamp", timestamp(span.startEpochNanos(), modern));
        json.writeStringProperty("TraceId", span.traceId());
        json.writeStringProperty("SpanId", span.spanId());
        json.writeStringProperty("ParentSpanId", span.parentSpanId() == null ? "" : span.parentSpanId());
        json.writeStringProperty("TraceState", "");
        json.writeStringProperty("SpanName", span.operation());
        json.writeStringProperty("SpanKind", "SPAN_KIND_" + span.kind().name());
        json.writeStringProperty("ServiceName", span.service());
        json.writeNumberProperty("Duration", span.durationNanos());
        json.writeStringProperty("StatusCode", span.error() ? "STATUS_CODE_ERROR" : "STATUS_CODE_UNSET");
        json.writeStringProperty("StatusMessage", "");
        map(json, "ResourceAttributes", Map.of("service.name", span.service()), modern);
        Map<String, String> attributes = new LinkedHashMap<>(span.attributes().values());
        attributes.putAll(marker(marker, span.seq()));
        map(json, "SpanAttributes", attributes, modern);
        json.writeEndObject();
    }

    private static Map<String, String> marker(RunMarker marker, long seq) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("moniflux.test_id", marker.testID());
        attributes.put("moniflux.run_id", marker.runID());
        attributes.put("moniflux.part", Integer.toString(marker.part()));
        attributes.put("moniflux.seq", Long.toString(seq));
        return attributes;
    }

    private static void map(JsonGenerator json, String column, Map<String, String> values, boolean modern) {
        if (modern) {
            json.writeName(column);
            json.writeStartObject();
            values.forEach(json::writeStringProperty);
            json.writeEndObject();
            return;
        }
        json.writeName(column + ".key");
        json.writeStartArray();
        values.keySet().forEach(json::writeString);
        json.writeEndArray();
        json.writeName(column + ".value");
        json.writeStartArray();
        values.values().forEach(json::writeString);
        json.writeEndArray();
    }

    /** {@code 2026-12-03 13:50:21.123456789} for DateTime64(9); whole seconds for an old server's DateTime. */
    static String timestamp(long epochNanos, boolean modern) {
        String seconds = SECONDS.format(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L)));
        return modern ? seconds + "." + String.format("%09d", Math.floorMod(epochNanos, 1_000_000_000L)) : seconds;
    }

    /** OpenTelemetry's severity numbers. */
    static int severity(String level) {
        return switch (level) {
            case "TRACE" -> 1;
            case "DEBUG" -> 5;
            case "WARN" -> 13;
            case "ERROR" -> 17;
            case "FATAL" -> 21;
            default -> 9;
        };
    }

    /** The tables, as the Collector's exporter makes them, or with the types an old server has. */
    static String createTable(String signal, String table, boolean modern) {
        String map = modern ? "Map(LowCardinality(String), String)" : "Nested(key String, value String)";
        String time = modern ? "DateTime64(9)" : "DateTime";
        String text = modern ? "LowCardinality(String)" : "String";
        String columns = signal.equals("logs")
                ? "Timestamp " + time + ", TraceId String, SpanId String, TraceFlags UInt32, SeverityText " + text
                        + ", SeverityNumber Int32, ServiceName " + text + ", Body String, ResourceAttributes " + map
                        + ", LogAttributes " + map
                : "Timestamp " + time + ", TraceId String, SpanId String, ParentSpanId String, TraceState String, SpanName "
                        + text + ", SpanKind " + text + ", ServiceName " + text + ", Duration UInt64, StatusCode " + text
                        + ", StatusMessage String, ResourceAttributes " + map + ", SpanAttributes " + map;
        return "CREATE TABLE IF NOT EXISTS " + table + " (" + columns + ") ENGINE = MergeTree() PARTITION BY toDate(Timestamp)"
                + " ORDER BY (ServiceName, " + (modern ? "toUnixTimestamp(Timestamp)" : "Timestamp") + ")";
    }
}
