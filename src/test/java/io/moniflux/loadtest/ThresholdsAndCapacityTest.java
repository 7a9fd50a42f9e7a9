package io.moniflux.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.assertj.core.data.Percentage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Runs;
import io.moniflux.support.Scenario;
import io.moniflux.support.receivers.NginxRateLimited;
import tools.jackson.databind.JsonNode;

/** Thresholds that fail or abort runs, and a capacity search, against receivers on 127.0.0.1. */
@FullStackTest
@Tag("receiver")
class ThresholdsAndCapacityTest {

    /** Accepts until told to fail, then refuses everything from that instant. */
    static final AtomicReference<Instant> failingSince = new AtomicReference<>();
    static final HttpSink receiver = new HttpSink().answering(received -> new HttpSink.Answer(
            failingSince.get() == null ? 200 : 503, "text/plain", new byte[0]));

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterAll
    static void closeReceiver() {
        receiver.close();
    }

    @Test
    void anAbortingThresholdStopsTheRunWithinOneWindowOfTheReceiverFailing() {
        failingSince.set(null);
        Scenario test = Scenario.to("abort", Map.of("endpoint", receiver.url())).with("logRate", 100).with("duration", 60)
                .with("thresholds", List.of(Map.of("metric", "errorRate", "signal", "logs", "max", 0.05, "window", 3,
                        "abortOnFail", true)));
        assertThat(api.post("/start-test", test.definition()).status()).isEqualTo(200);
        // a healthy window and more before the receiver starts refusing
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/tests/" + test.testID()).json().path("progress")
                .path("elapsed").asDouble() >= 4);
        Instant failing = Instant.now();
        failingSince.set(failing);

        JsonNode ended = Runs.awaitEnd(api, test.testID(), Duration.ofSeconds(15));
        failingSince.set(null);

        assertThat(ended.path("status").asString()).isEqualTo("Failed");
        assertThat(ended.path("statusReason").asString())
                .startsWith("threshold breached: errorRate(logs) <= 0.05 over 3s was ");
        JsonNode run = api.get("/tests/" + test.testID() + "/runs/" + test.runID()).json();
        Instant endedAt = Instant.parse(run.path("endedAt").asString());
        assertThat(Duration.between(failing, endedAt)).as("from the first refusal to the end of the run")
                .isLessThan(Duration.ofSeconds(3 + 2));
        JsonNode verdict = run.path("thresholds").get(0);
        assertThat(verdict.path("passed").asBoolean()).isFalse();
        assertThat(verdict.path("aborted").asBoolean()).isTrue();
        assertThat(verdict.path("worst").asDouble()).isGreaterThan(0.05);
        assertThat(verdict.path("breachedAt").asLong()).isBetween(4L, 8L);
    }

    @Test
    void thresholdsThatDoNotAbortFailTheRunAtItsEndAndSayWhich() {
        failingSince.set(null);
        Scenario test = Scenario.to("verdict", Map.of("endpoint", receiver.url())).with("logRate", 50).with("duration", 3)
                .with("thresholds", List.of(
                        Map.of("metric", "errorRate", "max", 0.01, "window", 1),
                        Map.of("metric", "latency", "percentile", 99, "max", 0.001, "window", 1),
                        Map.of("metric", "achievedRatio", "signal", "logs", "min", 0.5, "window", 2)));

        JsonNode ended = test.run(api, Duration.ofSeconds(15));

        assertThat(ended.path("status").asString()).isEqualTo("Failed");
        assertThat(ended.path("statusReason").asString()).startsWith("thresholds failed: p99 latency(all) <= 0.001 ms over 1s (worst ");
        assertThat(Scenario.sent(ended, "logs")).as("not stopped early").isEqualTo(150);
        JsonNode verdicts = api.get("/tests/" + test.testID() + "/runs/" + test.runID()).json().path("thresholds");
        assertThat(verdicts.findValuesAsString("threshold")).containsExactly("errorRate(all) <= 0.01 over 1s",
                "p99 latency(all) <= 0.001 ms over 1s", "achievedRatio(logs) >= 0.5 over 2s");
        assertThat(verdicts.get(0).path("passed").asBoolean()).isTrue();
        assertThat(verdicts.get(0).path("worst").asDouble()).isZero();
        assertThat(verdicts.get(1).path("passed").asBoolean()).isFalse();
        assertThat(verdicts.get(2).path("passed").asBoolean()).isTrue();
        assertThat(verdicts.get(2).path("worst").asDouble()).isBetween(0.5, 1.1);

        Document report = Jsoup.parse(api.get("/tests/" + test.testID() + "/runs/" + test.runID()
                + "/report?format=html").body());
        assertThat(report.select("#thresholds tbody tr")).hasSize(3);
        assertThat(report.select("#thresholds td.verdict-failed").eachText()).containsExactly("failed");
        assertThat(report.select("#capacity, #verification")).isEmpty();
    }

    @Test
    void aCapacitySearchFindsTheCeilingOfARateLimitedNginxWithinTenPercent() {
        int ceiling = 400;
        try (NginxRateLimited nginx = new NginxRateLimited(ceiling, 20)) {
            Scenario test = Scenario.to("capacity", Map.of("endpoint", nginx.url())).with("duration", 120)
                    .with("thresholds", List.of(Map.of("metric", "errorRate", "signal", "logs", "max", 0.02, "window", 2)))
                    .with("capacity", Map.of("signal", "logs", "start", 100, "factor", 2, "stepDuration", 3, "warmup", 1,
                            "ceiling", 3200, "precision", 0.05));

            JsonNode ended = test.run(api, Duration.ofSeconds(130));

            assertThat(ended.path("status").asString()).isEqualTo("Completed");
            JsonNode capacity = api.get("/tests/" + test.testID() + "/runs/" + test.runID()).json().path("capacity");
            double found = capacity.path("sustainedRate").asDouble();
            assertThat(found).as(capacity.toString()).isBetween(ceiling * 0.9, ceiling * 1.1);
            assertThat(capacity.path("failedRate").asDouble()).isGreaterThan(found);
            assertThat(capacity.path("finished").asBoolean()).isTrue();
            assertThat(capacity.path("summary").asString()).startsWith("http took ").contains("logs/s with errorRate(logs) <= 0.02; at ");
            JsonNode steps = capacity.path("steps");
            assertThat(steps.get(0).path("rate").asDouble()).isEqualTo(100.0);
            assertThat(steps.get(0).path("passed").asBoolean()).isTrue();
            assertThat(steps.findValues("passed").stream().filter(passed -> !passed.asBoolean())).isNotEmpty();
            for (JsonNode step : steps) {
                if (step.path("passed").asBoolean()) {
                    assertThat(step.path("achievedRate").asDouble()).as(step.toString()).isCloseTo(step.path("rate").asDouble(),
                            Percentage.withPercentage(5));
                }
            }
            // the timeline shows every step
            List<Double> targets = api.get("/tests/" + test.testID() + "/runs/" + test.runID() + "/timeline").json()
                    .findValues("targetRate").stream().map(JsonNode::asDouble).distinct().toList();
            assertThat(targets).contains(100.0, 200.0, 400.0, 800.0);
            Document report = Jsoup.parse(api.get("/tests/" + test.testID() + "/runs/" + test.runID()
                    + "/report?format=html").body());
            assertThat(report.select("#capacity .answer").text()).isEqualTo(capacity.path("summary").asString());
            assertThat(report.select("#capacity tbody tr")).hasSize(steps.size());
        }
    }

    @Test
    void theRateACapacitySearchDrivesCannotBeChangedByHand() {
        Scenario test = Scenario.to("capacity-patch", Map.of("endpoint", receiver.url())).with("duration", 30)
                .with("thresholds", List.of(Map.of("metric", "errorRate", "max", 0.5)))
                .with("capacity", Map.of("signal", "logs", "start", 10, "stepDuration", 10, "ceiling", 20));
        assertThat(api.post("/start-test", test.definition()).status()).isEqualTo(200);
        try {
            Api.Response refused = api.patch("/tests/" + test.testID() + "/rates", Map.of("logRate", 500));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("capacity-search");
        } finally {
            api.post("/cancel-test", Map.of("testID", test.testID()));
        }
    }

    @Test
    void badThresholdsAndSearchesAreRefusedWithTheirReasonsAndNothingIsStored() {
        Map<String, Object> bad = Scenario.to("bad", Map.of("endpoint", receiver.url())).with("logRate", 10).with("duration", 10)
                .with("workers", 2)
                .with("thresholds", List.of(Map.of("metric", "errorz", "max", 1), Map.of("metric", "latency", "max", 100),
                        Map.of("metric", "achievedRatio", "max", 0.9), Map.of("metric", "errorRate", "max", 2),
                        Map.of("metric", "missedRate", "signal", "traces", "max", 0.1)))
                .with("capacity", Map.of("signal", "logs", "start", 100, "factor", 1, "ceiling", 50, "stepDuration", 30))
                .with("verify", Map.of("settle", 5))
                .with("webhook", Map.of("url", "ftp://127.0.0.1/hook", "events", List.of("run.exploded")))
                .definition();
        Api.Response refused = api.post("/create-test", bad);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").findValuesAsString("field")).contains("thresholds[0].metric",
                "thresholds[1].percentile", "thresholds[2].min", "thresholds[3].max", "thresholds[4].signal", "capacity.factor",
                "capacity.ceiling", "workers", "duration", "verify", "webhook.url", "webhook.events");
        assertThat(api.get("/tests/" + bad.get("testID")).status()).isEqualTo(404);
        assertThat(api.post("/create-test", Map.of("testID", "search-alone", "logRate", 1, "duration", 60,
                "destination", Map.of("endpoint", receiver.url()),
                "capacity", Map.of("signal", "logs", "start", 1, "ceiling", 10))).json().path("errors")
                .findValuesAsString("field")).containsExactly("thresholds");
    }
}
