package io.moniflux.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Scenario;
import io.moniflux.support.receivers.InfluxDbServer;
import io.moniflux.support.receivers.PrometheusServer;
import io.moniflux.support.receivers.ZipkinServer;
import tools.jackson.databind.JsonNode;

/**
 * After a run, MoniFlux asks the backend what it holds: real Prometheus, Zipkin and InfluxDB on
 * 127.0.0.1, the counts compared with what the backends themselves report; Loki and Elasticsearch
 * through stand-ins that check the question and answer in their format.
 */
@FullStackTest
@Tag("receiver")
class VerificationTest {

    private static PrometheusServer prometheus;
    private static ZipkinServer zipkin;
    private static InfluxDbServer influx;

    @LocalServerPort
    int port;

    @AfterAll
    static void stopReceivers() {
        for (AutoCloseable receiver : new AutoCloseable[] {prometheus, zipkin, influx}) {
            try {
                if (receiver != null) {
                    receiver.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    private JsonNode verifiedRun(Scenario scenario) {
        Api api = new Api(port);
        scenario.run(api, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String status = api.get("/tests/" + scenario.testID() + "/runs/" + scenario.runID()).json()
                    .path("verification").path("status").asString();
            return !status.isEmpty() && !status.equals("pending");
        });
        return api.get("/tests/" + scenario.testID() + "/runs/" + scenario.runID()).json();
    }

    @Test
    void summaryPointsAreCountedAsPointsLikeSent() {
        if (prometheus == null) {
            prometheus = new PrometheusServer();
        }
        Scenario scenario = Scenario.to("verify-summary", Map.of("type", "prometheus-remote-write", "endpoint", prometheus.url()))
                .with("metricsRate", 20).with("duration", 3).with("batchSize", 20)
                .with("payload", Map.of("cardinality", 2, "metricKinds", List.of("gauge", "summary"))).with("verify", Map.of("settle", 1));

        JsonNode verification = verifiedRun(scenario).path("verification");

        // each summary point is 3 quantile samples, a _sum and a _count in Prometheus: one point, as sent counts it
        assertThat(verification.path("status").asString()).as(verification.toString()).isEqualTo("verified");
        assertThat(verification.path("signals").path("metrics").path("sent").asLong()).isEqualTo(60);
        assertThat(verification.path("signals").path("metrics").path("verified").asLong()).isEqualTo(60);
    }

    @Test
    void prometheusHoldsExactlyWhatWasSent() {
        if (prometheus == null) {
            prometheus = new PrometheusServer();
        }
        Scenario scenario = Scenario.to("verify-prom", Map.of("type", "prometheus-remote-write", "endpoint", prometheus.url()))
                .with("metricsRate", 25).with("duration", 3).with("batchSize", 25).with("payload", Map.of("cardinality", 5))
                .with("verify", Map.of("settle", 1));
        double before = prometheus.samplesAppended();

        JsonNode run = verifiedRun(scenario);

        JsonNode verification = run.path("verification");
        assertThat(verification.path("status").asString()).as(verification.toString()).isEqualTo("verified");
        assertThat(verification.path("backend").asString()).isEqualTo("Prometheus query API at " + prometheus.url());
        JsonNode metrics = verification.path("signals").path("metrics");
        assertThat(metrics.path("sent").asLong()).isEqualTo(75);
        assertThat(metrics.path("verified").asLong()).isEqualTo(75);
        assertThat(metrics.path("lost").asLong()).isZero();
        assertThat(metrics.path("lossRatio").asDouble()).isZero();
        // what Prometheus itself says it appended: a histogram point (one series in five) is 14 samples
        assertThat(prometheus.samplesAppended() - before).isEqualTo(15 * 14 + 60.0);
        Document report = Jsoup.parse(new Api(port).get("/tests/" + scenario.testID() + "/runs/"
                + scenario.runID() + "/report?format=html").body());
        assertThat(report.select("#verification tbody td").eachText()).startsWith("metrics", "75", "75", "0", "0.000 %");
    }

    @Test
    void aProxyThatDropsAQuarterOfTheWritesShowsAsLoss() {
        if (prometheus == null) {
            prometheus = new PrometheusServer();
        }
        HttpClient forward = HttpClient.newHttpClient();
        AtomicLong writes = new AtomicLong();
        try (HttpSink proxy = new HttpSink().answering(received -> {
            if (writes.incrementAndGet() % 4 == 0) {
                return new HttpSink.Answer(204, "text/plain", new byte[0]); // says yes, keeps nothing
            }
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(prometheus.url() + received.path()))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(received.body()));
                for (String header : new String[] {"Content-Type", "Content-Encoding", "X-Prometheus-Remote-Write-Version"}) {
                    if (received.header(header) != null) {
                        request.header(header, received.header(header));
                    }
                }
                HttpResponse<byte[]> answer = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new HttpSink.Answer(answer.statusCode(), "text/plain", answer.body());
            } catch (Exception e) {
                return new HttpSink.Answer(502, "text/plain", new byte[0]);
            }
        })) {
            Scenario scenario = Scenario.to("verify-loss", Map.of("type", "prometheus-remote-write", "endpoint", proxy.url()))
                    .with("metricsRate", 20).with("duration", 4).with("batchSize", 5).with("payload", Map.of("cardinality", 4))
                    .with("verify", Map.of("settle", 1, "endpoint", prometheus.url()));

            JsonNode metrics = verifiedRun(scenario).path("verification").path("signals").path("metrics");

            assertThat(metrics.path("sent").asLong()).as("every write was answered 2xx").isEqualTo(80);
            assertThat(metrics.path("verified").asLong()).isEqualTo(60);
            assertThat(metrics.path("lost").asLong()).isEqualTo(20);
            assertThat(metrics.path("lossRatio").asDouble()).isEqualTo(0.25);
        }
    }

    @Test
    void zipkinHoldsEverySpanOfTheRun() {
        if (zipkin == null) {
            zipkin = new ZipkinServer();
        }
        Scenario scenario = Scenario.to("verify-zipkin", Map.of("type", "zipkin", "endpoint", zipkin.url()))
                .with("traceRate", 30).with("duration", 3).with("batchSize", 10).with("verify", Map.of("settle", 1));
        long before = zipkin.spansAccepted();

        JsonNode verification = verifiedRun(scenario).path("verification");

        assertThat(verification.path("status").asString()).as(verification.toString()).isEqualTo("verified");
        JsonNode traces = verification.path("signals").path("traces");
        assertThat(traces.path("verified").asLong()).isEqualTo(90).isEqualTo(zipkin.spansAccepted() - before);
        assertThat(traces.path("lossRatio").asDouble()).isZero();
    }

    @Test
    void influxDbHoldsEveryPoint() {
        if (influx == null) {
            influx = new InfluxDbServer();
            influx.createDatabase("verify_test");
        }
        Scenario scenario = Scenario.to("verify-influx", Map.of("type", "influx", "endpoint", influx.url(), "database", "verify_test"))
                .with("metricsRate", 50).with("duration", 3).with("batchSize", 25).with("verify", Map.of("settle", 1));

        JsonNode metrics = verifiedRun(scenario).path("verification").path("signals").path("metrics");

        assertThat(metrics.path("verified").asLong()).isEqualTo(150).isEqualTo(influx.points("verify_test"));
    }

    @Test
    void lokiAndElasticsearchAreAskedInTheirOwnQueryLanguages() {
        try (HttpSink loki = new HttpSink(); HttpSink elastic = new HttpSink()) {
            loki.answering(received -> received.method().equals("GET")
                    ? new HttpSink.Answer(200, "application/json", """
                            {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"37"]}]}}
                            """.getBytes(StandardCharsets.UTF_8))
                    : new HttpSink.Answer(204, "text/plain", new byte[0]));
            elastic.answering(received -> received.path().endsWith("/_count")
                    ? new HttpSink.Answer(200, "application/json", "{\"count\":40,\"_shards\":{}}".getBytes(StandardCharsets.UTF_8))
                    : new HttpSink.Answer(200, "application/json", "{\"errors\":false,\"items\":[]}".getBytes(StandardCharsets.UTF_8)));

            Scenario toLoki = Scenario.to("verify-loki", Map.of("type", "loki", "endpoint", loki.url(), "tenant", "team-a"))
                    .with("logRate", 20).with("duration", 2).with("batchSize", 10).with("verify", Map.of("settle", 0));
            JsonNode logs = verifiedRun(toLoki).path("verification").path("signals").path("logs");
            assertThat(logs.path("verified").asLong()).isEqualTo(37);
            assertThat(logs.path("lost").asLong()).isEqualTo(3);
            HttpSink.Received question = loki.received().stream().filter(r -> r.method().equals("GET")).findFirst().orElseThrow();
            assertThat(question.path()).isEqualTo("/loki/api/v1/query");
            assertThat(URLDecoder.decode(question.query(), StandardCharsets.UTF_8))
                    .contains("query=sum(count_over_time({moniflux_run=\"" + toLoki.runID() + "\"}[");
            assertThat(question.header("X-Scope-OrgID")).isEqualTo("team-a");

            Scenario toElastic = Scenario.to("verify-es", Map.of("type", "elasticsearch", "endpoint", elastic.url()))
                    .with("logRate", 20).with("duration", 2).with("batchSize", 10).with("verify", Map.of("settle", 0));
            JsonNode elasticLogs = verifiedRun(toElastic).path("verification").path("signals").path("logs");
            assertThat(elasticLogs.path("verified").asLong()).isEqualTo(40);
            HttpSink.Received count = elastic.received().stream().filter(r -> r.path().endsWith("/_count")).findFirst().orElseThrow();
            assertThat(count.path()).isEqualTo("/logs-moniflux-default/_count");
            assertThat(Api.parse(count.text()).path("query").path("match_phrase").path("moniflux.run_id").asString())
                    .isEqualTo(toElastic.runID());
        }
    }

    @Test
    void aBackendThatCannotBeAskedIsReportedNotVerifiableWithTheReason() {
        try (HttpSink writes = new HttpSink().answering(204)) {
            Scenario scenario = Scenario.to("verify-none", Map.of("type", "prometheus-remote-write", "endpoint", writes.url()))
                    .with("metricsRate", 10).with("duration", 1).with("batchSize", 10)
                    .with("verify", Map.of("settle", 0, "endpoint", "http://127.0.0.1:9")); // nothing listens there

            JsonNode verification = verifiedRun(scenario).path("verification");

            assertThat(verification.path("status").asString()).isEqualTo("not-verifiable");
            assertThat(verification.path("reason").asString()).startsWith("cannot reach http://127.0.0.1:9");
            assertThat(verification.path("signals").path("metrics").has("verified")).isFalse();
            assertThat(verification.path("signals").path("metrics").path("sent").asLong()).isEqualTo(10);
        }
    }

    @Test
    void aVerificationErrorSaysWhatKindOfAnswerCameNotWhatItSaid() {
        try (HttpSink loki = new HttpSink()) {
            loki.answering(received -> received.method().equals("GET")
                    ? new HttpSink.Answer(403, "text/html", "<html>internal admin console: secret-token-42</html>".getBytes(StandardCharsets.UTF_8))
                    : new HttpSink.Answer(204, "text/plain", new byte[0]));
            Scenario scenario = Scenario.to("verify-echo", Map.of("type", "loki", "endpoint", loki.url()))
                    .with("logRate", 10).with("duration", 1).with("batchSize", 10).with("verify", Map.of("settle", 0));

            JsonNode verification = verifiedRun(scenario).path("verification");

            assertThat(verification.path("status").asString()).isEqualTo("not-verifiable");
            assertThat(verification.toString()).doesNotContain("secret-token-42").doesNotContain("admin console");
            assertThat(verification.toString()).contains("answered 403 with an HTML page of ");
        }
    }
}
