package io.moniflux.delivery.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.telemetry.Attributes;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.LogEvent;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.Signal;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The rows of the exporter's tables, on a server with Map and DateTime64 and on one without. */
class ClickHouseRowsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final RunMarker MARKER = new RunMarker("t", "r", 0);
    static final long NANOS = 1_764_770_000_123_456_789L;

    private static JsonNode row(boolean modern) {
        LogEvent log = new LogEvent(NANOS, "WARN", "disk almost full", "checkout", "node-1",
                new Attributes(Map.of("service.name", "checkout", "http.route", "/cart")), 7);
        ByteSink rows = ClickHouseRows.rows(new Batch<>(Signal.LOGS, MARKER, List.of(log)), modern, 256);
        String text = new String(Arrays.copyOf(rows.array(), rows.length()), StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").hasLineCount(1);
        return JSON.readTree(text);
    }

    @Test
    void aRecentServerGetsNanosecondTimestampsAndMapsAsTheExporterWritesThem() {
        JsonNode row = row(true);
        assertThat(row.path("Timestamp").asString()).isEqualTo("2025-12-03 13:53:20.123456789");
        assertThat(row.path("SeverityNumber").asInt()).isEqualTo(13);
        assertThat(row.path("LogAttributes").path("moniflux.seq").asString()).isEqualTo("7");
        assertThat(row.path("LogAttributes").path("http.route").asString()).isEqualTo("/cart");
        assertThat(row.path("ResourceAttributes").path("service.name").asString()).isEqualTo("checkout");
        assertThat(ClickHouseRows.createTable("logs", "`default`.`otel_logs`", true))
                .contains("Timestamp DateTime64(9)", "LogAttributes Map(LowCardinality(String), String)");
    }

    @Test
    void anOldServerGetsSecondsAndNestedKeyValueArrays() {
        JsonNode row = row(false);
        assertThat(row.path("Timestamp").asString()).isEqualTo("2025-12-03 13:53:20");
        List<String> keys = row.path("LogAttributes.key").valueStream().map(JsonNode::asString).toList();
        List<String> values = row.path("LogAttributes.value").valueStream().map(JsonNode::asString).toList();
        assertThat(values.get(keys.indexOf("moniflux.run_id"))).isEqualTo("r");
        assertThat(ClickHouseProtocol.modern("18.16.1")).isFalse();
        assertThat(ClickHouseProtocol.modern("24.8.4.13")).isTrue();
    }
}
