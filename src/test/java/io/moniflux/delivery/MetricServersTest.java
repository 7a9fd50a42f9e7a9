package io.moniflux.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.Scenario;
import io.moniflux.support.receivers.CarbonServer;
import io.moniflux.support.receivers.StatsdServer;
import tools.jackson.databind.JsonNode;

/**
 * Metric daemons that take line protocols over plain sockets, started on 127.0.0.1: what they
 * aggregated or stored is read back with their own means and matches what the run counts as sent.
 */
@FullStackTest
@Tag("receiver")
class MetricServersTest {

    private static StatsdServer statsd;
    private static CarbonServer carbon;

    @LocalServerPort
    int port;

    @AfterAll
    static void stopServers() {
        if (statsd != null) {
            statsd.close();
        }
        if (carbon != null) {
            carbon.close();
        }
    }

    private static CarbonServer carbon() {
        if (carbon == null) {
            carbon = new CarbonServer(true);
        }
        return carbon;
    }

    private static StatsdServer statsd() {
        if (statsd == null) {
            statsd = new StatsdServer();
        }
        return statsd;
    }

    /** The sum over the flushes of one kind of metric (counters, timers...) of the keys {@code keys} picks. */
    private static long total(List<JsonNode> flushes, String kind, Predicate<String> keys) {
        long total = 0;
        for (JsonNode flush : flushes) {
            for (var entry : flush.path(kind).properties()) {
                if (keys.test(entry.getKey())) {
                    total += entry.getValue().isArray() ? entry.getValue().size() : entry.getValue().asLong();
                }
            }
        }
        return total;
    }

    @Test
    void statsdAggregatesEveryLineOfTheRunOverUdpPackedUpToTheMtu() {
        StatsdServer server = statsd();
        int before = server.flushes().size();
        Scenario scenario = Scenario.to("statsd", Map.of("type", "statsd", "endpoint", "127.0.0.1", "port", server.port(), "mtu", 512))
                .with("metricsRate", 50).with("duration", 2).with("batchSize", 25).with("payload", Map.of("cardinality", 5));
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(30));
        assertThat(Scenario.sent(done, "metrics")).isEqualTo(100);

        String run = scenario.runID().replaceAll("[^A-Za-z0-9_-]", "_");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<JsonNode> all = server.flushes();
            List<JsonNode> flushes = all.subList(before, all.size());
            assertThat(total(flushes, "counters", "statsd.metrics_received"::equals)).as("lines statsd parsed").isEqualTo(100);
            assertThat(total(flushes, "counters", "statsd.bad_lines_seen"::equals)).isZero();
            // 5 series in turn: two counters, two gauges, one histogram (a timer: one observation per point)
            assertThat(total(flushes, "timers", key -> key.startsWith("moniflux.http_server_request_duration_seconds." + run))).isEqualTo(20);
            assertThat(total(flushes, "counters", key -> key.contains("." + run + ".") && key.startsWith("moniflux.http_server_requests_total")))
                    .as("increments add up").isPositive();
            assertThat(flushes.stream().flatMap(flush -> flush.path("gauges").propertyNames().stream()))
                    .anyMatch(key -> key.startsWith("moniflux.queue_messages." + run));
            assertThat(total(flushes, "counters", "statsd.packets_received"::equals)).as("lines share packets").isLessThan(100);
        });
    }

    @Test
    void dogStatsdTagsOverTcpWithGaugesAsSetsReachStatsdAsTaggedKeys() {
        StatsdServer server = statsd();
        int before = server.flushes().size();
        Scenario scenario = Scenario.to("dogstatsd", Map.of("type", "statsd", "endpoint", "tcp://127.0.0.1:" + server.tcpPort(),
                        "flavor", "dogstatsd", "gaugesAs", "set", "prefix", "loadtest.app"))
                .with("metricsRate", 40).with("duration", 2).with("batchSize", 20)
                .with("payload", Map.of("cardinality", 4, "metricKinds", List.of("counter", "gauge")));
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(30));
        assertThat(Scenario.sent(done, "metrics")).isEqualTo(80);

        String tag = "moniflux_run=" + scenario.runID();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<JsonNode> all = server.flushes();
            List<JsonNode> flushes = all.subList(before, all.size());
            assertThat(total(flushes, "counters", "statsd.metrics_received"::equals)).isEqualTo(80);
            assertThat(total(flushes, "counters", "statsd.bad_lines_seen"::equals)).isZero();
            assertThat(flushes.stream().flatMap(flush -> flush.path("sets").propertyNames().stream()))
                    .anyMatch(key -> key.startsWith("loadtest.app.process_cpu_utilization_ratio;") && key.contains(tag));
            assertThat(total(flushes, "counters", key -> key.startsWith("loadtest.app.http_server_requests_total;") && key.contains(tag)))
                    .isPositive();
        });
    }

    @Test
    void carbonStoresEveryPointOfADottedSeriesAndCountsEverySample() {
        CarbonServer server = carbon();
        double before = server.metricsReceived();
        // 10 series at 10 points/s: each series gets one point a second, which Graphite keeps at one-second steps
        Scenario scenario = Scenario.to("graphite-plain", Map.of("type", "graphite", "endpoint", "127.0.0.1", "port", server.port(),
                        "tags", false)).with("metricsRate", 10).with("duration", 3).with("batchSize", 5)
                .with("payload", Map.of("cardinality", 10, "metricKinds", List.of("gauge", "counter")));
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(30));
        assertThat(Scenario.sent(done, "metrics")).isEqualTo(30);
        assertThat(done.path("progress").path("results").path("metrics").path("samples").asLong()).isEqualTo(30);

        String run = scenario.runID().replaceAll("[^A-Za-z0-9_+-]", "_");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(server.metricsReceived() - before).as("carbon's own count of what it received").isEqualTo(30.0);
            List<java.nio.file.Path> files = server.files("/" + run + "/");
            assertThat(files).hasSize(10);
            assertThat(files).allSatisfy(file -> assertThat(server.values(file)).as(file.toString()).hasSize(3));
        });
    }

    @Test
    void carbonTakesTaggedSeriesAHistogramPointBeingFourteen() {
        CarbonServer server = carbon();
        double before = server.metricsReceived();
        int taggedBefore = server.files("_tagged").size();
        Scenario scenario = Scenario.to("graphite-tags", Map.of("type", "graphite", "endpoint", "tcp://127.0.0.1:" + server.port(),
                        "prefix", "lab.pipeline")).with("metricsRate", 10).with("duration", 2).with("batchSize", 10)
                .with("payload", Map.of("cardinality", 5));
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(30));
        assertThat(Scenario.sent(done, "metrics")).isEqualTo(20);
        // one series in five is a histogram: 12 buckets, a sum and a count per point
        long samples = done.path("progress").path("results").path("metrics").path("samples").asLong();
        assertThat(samples).isEqualTo(4 * 14 + 16);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(server.metricsReceived() - before).isEqualTo((double) samples);
            // carbon files tagged series by the hash of their name: 4 plain series, 12 buckets, a sum and a count
            assertThat(server.files("_tagged").size() - taggedBefore).isEqualTo(18);
        });
    }
}
