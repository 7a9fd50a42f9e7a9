package io.moniflux.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.Scenario;
import io.moniflux.support.receivers.ClickHouseServer;
import tools.jackson.databind.JsonNode;

/**
 * Logs and spans into a real ClickHouse, in tables it creates in the exporter's shape (with the types
 * an 18.16 server has), read back with SQL and verified by the run.
 */
@FullStackTest
@Tag("receiver")
class ClickHouseTest {

    private static ClickHouseServer clickhouse;

    @LocalServerPort
    int port;

    @AfterAll
    static void stop() {
        if (clickhouse != null) {
            clickhouse.close();
        }
    }

    private static ClickHouseServer clickhouse() {
        if (clickhouse == null) {
            clickhouse = new ClickHouseServer();
        }
        return clickhouse;
    }

    @Test
    void logsAndSpansLandInTheExportersTablesEverySeqOnceAndTheRunVerifiesThem() {
        ClickHouseServer server = clickhouse();
        Scenario scenario = Scenario.to("clickhouse", Map.of("type", "clickhouse", "endpoint", server.url(), "createTables", true))
                .with("logRate", 100).with("traceRate", 50).with("duration", 2).with("batchSize", 50).with("logType", "ERROR")
                .with("verify", Map.of("settle", 1));
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(30));
        assertThat(Scenario.sent(done, "logs")).isEqualTo(200);
        assertThat(Scenario.sent(done, "traces")).isEqualTo(100);

        String run = "'" + scenario.runID() + "'";
        String seqs = server.sql("SELECT LogAttributes.value[indexOf(LogAttributes.key, 'moniflux.seq')] AS seq FROM otel_logs"
                + " WHERE LogAttributes.value[indexOf(LogAttributes.key, 'moniflux.run_id')] = " + run + " ORDER BY toUInt64(seq)");
        assertThat(Arrays.stream(seqs.split("\n")).map(Long::parseLong).toList())
                .isEqualTo(java.util.stream.LongStream.range(0, 200).boxed().toList());
        assertThat(server.sql("SELECT DISTINCT SeverityText, SeverityNumber FROM otel_logs WHERE LogAttributes.value[indexOf("
                + "LogAttributes.key, 'moniflux.run_id')] = " + run)).isEqualTo("ERROR\t17");
        assertThat(server.sql("SELECT count(), countIf(ParentSpanId = ''), min(Duration) > 0 FROM otel_traces WHERE "
                + "SpanAttributes.value[indexOf(SpanAttributes.key, 'moniflux.run_id')] = " + run).split("\t"))
                .as("spans, root spans, every duration positive").satisfies(row -> {
                    assertThat(row[0]).isEqualTo("100");
                    assertThat(Long.parseLong(row[1])).isPositive();
                    assertThat(row[2]).isEqualTo("1");
                });

        Api api = new Api(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> !List.of("", "pending").contains(api.get("/tests/" + scenario.testID()
                + "/runs/" + scenario.runID()).json().path("verification").path("status").asString()));
        JsonNode verification = api.get("/tests/" + scenario.testID() + "/runs/" + scenario.runID()).json().path("verification");
        assertThat(verification.path("status").asString()).as(verification.toString()).isEqualTo("verified");
        assertThat(verification.path("signals").path("logs").path("verified").asLong()).isEqualTo(200);
        assertThat(verification.path("signals").path("traces").path("verified").asLong()).isEqualTo(100);
    }

    @Test
    void verificationNamesTheEventsThatWentMissingAndTheOnesHeldTwice() {
        ClickHouseServer server = clickhouse();
        Scenario scenario = Scenario.to("clickhouse-seqs", Map.of("type", "clickhouse", "endpoint", server.url(), "createTables", true,
                "logsTable", "seq_logs")).with("logRate", 100).with("duration", 2).with("batchSize", 50).with("verify", Map.of("settle", 8));
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(30));
        assertThat(Scenario.sent(done, "logs")).isEqualTo(200);

        // the pipeline loses seqs 100 to 109 and delivers 0 to 4 twice, before the verification asks
        String run = "LogAttributes.value[indexOf(LogAttributes.key, 'moniflux.run_id')] = '" + scenario.runID() + "'";
        String seq = "toUInt64OrZero(LogAttributes.value[indexOf(LogAttributes.key, 'moniflux.seq')])";
        server.sql("ALTER TABLE seq_logs DELETE WHERE " + run + " AND " + seq + " BETWEEN 100 AND 109");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.sql("SELECT count() FROM seq_logs WHERE " + run).equals("190"));
        server.sql("INSERT INTO seq_logs SELECT * FROM seq_logs WHERE " + run + " AND " + seq + " < 5");

        Api api = new Api(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> !List.of("", "pending").contains(api.get("/tests/" + scenario.testID()
                + "/runs/" + scenario.runID()).json().path("verification").path("status").asString()));
        JsonNode logs = api.get("/tests/" + scenario.testID() + "/runs/" + scenario.runID()).json().path("verification")
                .path("signals").path("logs");
        assertThat(logs.path("verified").asLong()).as(logs.toString()).isEqualTo(195);
        JsonNode sequences = logs.path("sequences");
        assertThat(sequences.path("absent").asLong()).isEqualTo(10);
        assertThat(sequences.path("failedOrMissed").asLong()).as("all 200 were accepted: the 10 were lost after").isZero();
        assertThat(sequences.path("duplicates").asLong()).isEqualTo(5);
        assertThat(sequences.path("firstGaps").toString()).isEqualTo("[{\"part\":0,\"from\":100,\"to\":109}]");
    }

    @Test
    void aMissingTableFailsEveryBatchWithClickHousesStatus() {
        Scenario scenario = Scenario.to("clickhouse-missing", Map.of("type", "clickhouse", "endpoint", clickhouse().url(),
                "logsTable", "no_such_table")).with("logRate", 10).with("duration", 1).with("batchSize", 5);
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(30));
        JsonNode logs = done.path("progress").path("results").path("logs");
        assertThat(logs.path("sent").asLong()).isZero();
        assertThat(logs.path("failed").asLong()).isEqualTo(10);
        assertThat(logs.path("statusCodes").path("404").asLong() + logs.path("statusCodes").path("500").asLong()).isEqualTo(2);
    }
}
