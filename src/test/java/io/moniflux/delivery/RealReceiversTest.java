package io.moniflux.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Runs;
import io.moniflux.support.Scenario;
import io.moniflux.support.receivers.InfluxDbServer;
import io.moniflux.support.receivers.PrometheusServer;
import io.moniflux.support.receivers.SyslogNgServer;
import io.moniflux.support.receivers.ZipkinServer;
import tools.jackson.databind.JsonNode;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * Delivery to real receivers started on 127.0.0.1: each holds exactly what the run reports as sent.
 * Receivers start lazily, once per class; a receiver that cannot start fails its test with the reason.
 */
@FullStackTest
@Tag("receiver")
class RealReceiversTest {

    private static PrometheusServer prometheus;
    private static SyslogNgServer syslog;
    private static InfluxDbServer influx;
    private static ZipkinServer zipkin;

    @LocalServerPort
    int port;

    @AfterAll
    static void stopReceivers() {
        for (AutoCloseable receiver : new AutoCloseable[] {prometheus, syslog, influx, zipkin}) {
            try {
                if (receiver != null) {
                    receiver.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void prometheusStoresEverySampleOfTheRun() {
        if (prometheus == null) {
            prometheus = new PrometheusServer();
        }
        Scenario scenario = Scenario.to("prom", Map.of("type", "prometheus-remote-write", "endpoint", prometheus.url()))
                .with("metricsRate", 25).with("duration", 3).with("batchSize", 25).with("payload", Map.of("cardinality", 5));
        double before = prometheus.samplesAppended();
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(30));

        long points = Scenario.sent(done, "metrics");
        assertThat(points).isEqualTo(75);
        assertThat(Runs.results(done, "metrics").path("failed").asLong()).isZero();
        // one series in five is a histogram: 12 bucket samples (11 bounds and +Inf), a sum and a count per
        // point; the four others one sample per point
        long histogramPoints = points / 5;
        long expectedSamples = histogramPoints * 14 + (points - histogramPoints);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(prometheus.samplesAppended() - before).isEqualTo((double) expectedSamples));
        assertThat(Runs.results(done, "metrics").path("samples").asLong()).as("the run counts the samples Prometheus took")
                .isEqualTo(expectedSamples);
        assertThat(prometheus.query("count({moniflux_run=\"" + scenario.runID() + "\"})"))
                .as("series: 4 plain + 12 buckets + sum + count").isEqualTo(18.0);
    }

    @Test
    void prometheusHoldsWhatTheRunCountsWithGaugesAloneAndWithSummaries() {
        if (prometheus == null) {
            prometheus = new PrometheusServer();
        }
        // gauges alone: one point is one sample (200/s for 5 s once left 3,600 samples for 1,000 points, and said nothing)
        Scenario gauges = Scenario.to("prom-gauges", Map.of("type", "prometheus-remote-write", "endpoint", prometheus.url()))
                .with("metricsRate", 200).with("duration", 5).with("batchSize", 100)
                .with("payload", Map.of("cardinality", 10, "metricKinds", List.of("gauge")));
        double before = prometheus.samplesAppended();
        JsonNode done = gauges.run(new Api(port), Duration.ofSeconds(30));
        assertThat(Scenario.sent(done, "metrics")).isEqualTo(1_000);
        assertThat(Runs.results(done, "metrics").path("samples").asLong()).isEqualTo(1_000);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(prometheus.samplesAppended() - before).isEqualTo(1_000.0));

        Scenario summaries = Scenario.to("prom-summaries", Map.of("type", "prometheus-remote-write", "endpoint", prometheus.url()))
                .with("metricsRate", 20).with("duration", 3).with("batchSize", 20)
                .with("payload", Map.of("cardinality", 2, "metricKinds", List.of("gauge", "summary")));
        double beforeSummaries = prometheus.samplesAppended();
        JsonNode summarised = summaries.run(new Api(port), Duration.ofSeconds(30));
        long samples = Runs.results(summarised, "metrics").path("samples").asLong();
        assertThat(samples).as("30 gauge points, 30 summary points of 3 quantiles, a sum and a count").isEqualTo(30 + 30 * 5);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(prometheus.samplesAppended() - beforeSummaries).isEqualTo((double) samples));
    }

    @Test
    void syslogNgReceivesEveryMessageOverTcpAndUdp() {
        if (syslog == null) {
            syslog = new SyslogNgServer();
        }
        Scenario tcp = Scenario.to("syslog-tcp", Map.of("type", "syslog", "endpoint", "127.0.0.1", "port", syslog.port(),
                "appName", "checkout", "facility", 16)).with("logRate", 20).with("batchSize", 5).with("logType", "ERROR");
        JsonNode tcpDone = tcp.run(new Api(port), Duration.ofSeconds(30));
        assertThat(Scenario.sent(tcpDone, "logs")).isEqualTo(40);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seqs(syslog.lines(), tcp.runID())).hasSize(40));
        assertThat(syslog.lines().stream().filter(line -> line.contains(tcp.runID())).toList()).allSatisfy(line -> {
            assertThat(line).contains(" checkout local0 err "); // facility 16 is local0; ERROR is severity 3
        });

        Scenario udp = Scenario.to("syslog-udp", Map.of("type", "syslog", "endpoint", "127.0.0.1", "port", syslog.port(),
                "transport", "udp")).with("logRate", 20).with("batchSize", 5);
        JsonNode udpDone = udp.run(new Api(port), Duration.ofSeconds(30));
        assertThat(Scenario.sent(udpDone, "logs")).isEqualTo(40);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seqs(syslog.lines(), udp.runID())).hasSize(40));
    }

    @Test
    void influxDbStoresEveryPoint() {
        if (influx == null) {
            influx = new InfluxDbServer();
            influx.createDatabase("moniflux_test");
        }
        Scenario scenario = Scenario.to("influx", Map.of("type", "influx", "endpoint", influx.url(), "database", "moniflux_test"))
                .with("metricsRate", 50).with("duration", 3).with("batchSize", 25);
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(30));

        assertThat(Scenario.sent(done, "metrics")).isEqualTo(150);
        assertThat(Runs.results(done, "metrics").path("statusCodes").path("204").asLong()).isEqualTo(6);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(influx.points("moniflux_test")).isEqualTo(150));
    }

    @Test
    void influxDbVerificationNamesThePointsThatWentMissingAndTheOnesHeldTwice() {
        if (influx == null) {
            influx = new InfluxDbServer();
            influx.createDatabase("moniflux_test");
        }
        Scenario scenario = Scenario.to("influx-seq", Map.of("type", "influx", "endpoint", influx.url(), "database", "moniflux_test"))
                .with("metricsRate", 100).with("duration", 3).with("batchSize", 25).with("workers", 2)
                .with("verify", Map.of("settle", 8));
        Api api = new Api(port);
        JsonNode done = scenario.run(api, Duration.ofSeconds(30));
        assertThat(Scenario.sent(done, "metrics")).isEqualTo(300);
        String run = "moniflux_run = '" + scenario.runID() + "'";
        await().atMost(Duration.ofSeconds(5)).until(() -> influx.points("moniflux_test") >= 300);
        // the pipeline loses part 1 altogether and delivers part 0's seqs 0, 2 and 4 again, later
        influx.execute("moniflux_test", "DROP SERIES FROM /.*/ WHERE " + run + " AND moniflux_part = '1'");
        long now = System.currentTimeMillis() * 1_000_000;
        influx.write("moniflux_test", "replayed,moniflux_run=" + scenario.runID() + ",moniflux_part=0 seq=0i " + now + "\n"
                + "replayed,moniflux_run=" + scenario.runID() + ",moniflux_part=0 seq=2i " + (now + 1) + "\n"
                + "replayed,moniflux_run=" + scenario.runID() + ",moniflux_part=0 seq=4i " + (now + 2) + "\n");

        String path = "/tests/" + scenario.testID() + "/runs/" + scenario.runID();
        await().atMost(Duration.ofSeconds(30)).until(() -> !List.of("", "pending").contains(
                api.get(path).json().path("verification").path("status").asString()));
        JsonNode metrics = api.get(path).json().path("verification").path("signals").path("metrics");
        JsonNode sequences = metrics.path("sequences");
        assertThat(sequences.path("absent").asLong()).as(metrics.toString()).isEqualTo(150);
        assertThat(sequences.path("failedOrMissed").asLong()).isZero();
        assertThat(sequences.path("duplicates").asLong()).isEqualTo(3);
        assertThat(sequences.path("firstGaps").toString()).isEqualTo("[{\"part\":1,\"from\":1,\"to\":299}]");
    }

    @Test
    void zipkinAcceptsEverySpan() {
        if (zipkin == null) {
            zipkin = new ZipkinServer();
        }
        Scenario scenario = Scenario.to("zipkin", Map.of("type", "zipkin", "endpoint", zipkin.url()))
                .with("traceRate", 30).with("duration", 3).with("batchSize", 10);
        long before = zipkin.spansAccepted();
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(30));

        assertThat(Scenario.sent(done, "traces")).isEqualTo(90);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(zipkin.spansAccepted() - before).isEqualTo(90));
    }

    @Test
    void zipkinVerificationNamesTheSpansThatWentMissing() throws Exception {
        if (zipkin == null) {
            zipkin = new ZipkinServer();
        }
        // the pipeline under test is a relay: it takes the spans, and passes on all batches but one to Zipkin
        try (HttpSink relay = new HttpSink()) {
            Scenario scenario = Scenario.to("zipkin-seq", Map.of("type", "zipkin", "endpoint", relay.url()))
                    .with("traceRate", 30).with("duration", 3).with("batchSize", 10)
                    .with("verify", Map.of("settle", 8, "endpoint", zipkin.url()));
            Api api = new Api(port);
            JsonNode done = scenario.run(api, Duration.ofSeconds(30));
            assertThat(Scenario.sent(done, "traces")).isEqualTo(90);

            List<Long> lost = new ArrayList<>();
            try (HttpClient http = HttpClient.newHttpClient()) {
                for (HttpSink.Received batch : relay.received()) {
                    List<Span> spans = SpanBytesDecoder.JSON_V2.decodeList(batch.decoded());
                    if (lost.isEmpty() && spans.stream().anyMatch(span -> "10".equals(span.tags().get("moniflux.seq")))) {
                        spans.forEach(span -> lost.add(Long.parseLong(span.tags().get("moniflux.seq"))));
                        continue;
                    }
                    HttpResponse<String> forwarded = http.send(HttpRequest.newBuilder(URI.create(zipkin.url() + "/api/v2/spans"))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(batch.decoded()))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(forwarded.statusCode()).isEqualTo(202);
                }
            }
            Collections.sort(lost);
            assertThat(lost).hasSize(10);

            String path = "/tests/" + scenario.testID() + "/runs/" + scenario.runID();
            await().atMost(Duration.ofSeconds(30)).until(() -> !List.of("", "pending").contains(
                    api.get(path).json().path("verification").path("status").asString()));
            JsonNode traces = api.get(path).json().path("verification").path("signals").path("traces");
            assertThat(traces.path("verified").asLong()).as(traces.toString()).isEqualTo(80);
            JsonNode sequences = traces.path("sequences");
            assertThat(sequences.path("absent").asLong()).isEqualTo(10);
            assertThat(sequences.path("failedOrMissed").asLong()).isZero();
            assertThat(sequences.path("firstGaps").toString())
                    .isEqualTo("[{\"part\":0,\"from\":" + lost.getFirst() + ",\"to\":" + lost.getLast() + "}]");
        }
    }

    private static Set<Long> seqs(List<String> lines, String runID) {
        Pattern sequence = Pattern.compile("run=\"" + Pattern.quote(runID) + "\".*seq=\"(\\d+)\"");
        Set<Long> seqs = new HashSet<>();
        for (String line : lines) {
            Matcher matcher = sequence.matcher(line);
            if (matcher.find()) {
                seqs.add(Long.parseLong(matcher.group(1)));
            }
        }
        return seqs;
    }
}
