package io.moniflux.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Scenario;
import tools.jackson.databind.JsonNode;

/** Webhooks called when runs end, as a receiver on 127.0.0.1 sees them. */
@FullStackTest
class WebhookTest {

    static final HttpSink load = new HttpSink().countingOnly();

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterAll
    static void close() {
        load.close();
    }

    private static List<JsonNode> calls(HttpSink hook, String runID) {
        return hook.received().stream().map(r -> Api.parse(r.text()))
                .filter(body -> runID.equals(body.path("runID").asString()) || body.path("text").asString().contains(runID.replaceAll("-run-\\d+$", "")))
                .toList();
    }

    private boolean delivered(Scenario test) {
        JsonNode notifications = api.get("/tests/" + test.testID() + "/runs/" + test.runID()).json().path("notifications");
        return notifications.size() > 0 && notifications.get(0).path("delivered").asBoolean();
    }

    @Test
    void aCompletedRunIsReportedOnceWithItsSummary() {
        try (HttpSink hook = new HttpSink()) {
            Scenario test = Scenario.to("hook-done", Map.of("endpoint", load.url())).with("logRate", 20).with("duration", 2)
                    .with("thresholds", List.of(Map.of("metric", "errorRate", "max", 0.01)))
                    .with("webhook", Map.of("url", hook.url() + "/hooks/moniflux"));
            test.run(api, Duration.ofSeconds(15));

            await().atMost(Duration.ofSeconds(10)).until(() -> delivered(test));
            List<JsonNode> calls = calls(hook, test.runID());
            assertThat(calls).as("one call per event").hasSize(1);
            JsonNode body = calls.getFirst();
            assertThat(body.path("event").asString()).isEqualTo("run.completed");
            assertThat(body.path("status").asString()).isEqualTo("Completed");
            assertThat(body.path("signals").path("logs").path("sent").asLong()).isEqualTo(40);
            assertThat(body.path("thresholds").get(0).path("passed").asBoolean()).isTrue();
            assertThat(body.path("report").asString()).isEqualTo("/tests/" + test.testID() + "/runs/" + test.runID() + "/report");
            assertThat(hook.received().getFirst().path()).isEqualTo("/hooks/moniflux");
            assertThat(hook.received().getFirst().header("Content-Type")).startsWith("application/json");

            JsonNode run = api.get("/tests/" + test.testID() + "/runs/" + test.runID()).json();
            JsonNode notification = run.path("notifications").get(0);
            assertThat(notification.path("event").asString()).isEqualTo("run.completed");
            assertThat(notification.path("delivered").asBoolean()).isTrue();
            assertThat(notification.path("target").asString()).isEqualTo(hook.url());
            assertThat(notification.path("attempts").get(0).path("status").asInt()).isEqualTo(200);
            assertThat(api.get("/tests/" + test.testID()).json().path("webhook").path("url").asString())
                    .as("the URL is a secret").isEqualTo("****");
        }
    }

    @Test
    void anAbortedRunAndAFinishedCapacitySearchAreTheirOwnEventsAndACancelIsNotReported() {
        try (HttpSink hook = new HttpSink(); HttpSink refusing = new HttpSink().answering(503)) {
            Scenario aborted = Scenario.to("hook-abort", Map.of("endpoint", refusing.url())).with("logRate", 20).with("duration", 30)
                    .with("thresholds", List.of(Map.of("metric", "errorRate", "max", 0.1, "window", 1, "abortOnFail", true)))
                    .with("webhook", Map.of("url", hook.url(), "format", "json"));
            aborted.run(api, Duration.ofSeconds(15));

            Scenario search = Scenario.to("hook-search", Map.of("endpoint", load.url())).with("duration", 30)
                    .with("thresholds", List.of(Map.of("metric", "errorRate", "max", 0.01, "window", 1)))
                    .with("capacity", Map.of("signal", "logs", "start", 10, "factor", 2, "stepDuration", 2, "warmup", 0, "ceiling", 20))
                    .with("webhook", Map.of("url", hook.url()));
            search.run(api, Duration.ofSeconds(20));

            Scenario cancelled = Scenario.to("hook-cancel", Map.of("endpoint", load.url())).with("logRate", 5).with("duration", 30)
                    .with("webhook", Map.of("url", hook.url()));
            api.post("/start-test", cancelled.definition());
            api.post("/cancel-test", Map.of("testID", cancelled.testID()));

            // once a notification is recorded as delivered, its follow-up is done: no second call can come
            await().atMost(Duration.ofSeconds(10)).until(() -> delivered(aborted) && delivered(search)
                    && !api.get("/tests/" + cancelled.testID() + "/runs/" + cancelled.runID()).json().path("endedAt").isMissingNode());
            assertThat(calls(hook, aborted.runID())).singleElement()
                    .satisfies(body -> assertThat(body.path("event").asString()).isEqualTo("run.aborted"))
                    .satisfies(body -> assertThat(body.path("reason").asString()).startsWith("threshold breached: errorRate(all)"));
            assertThat(calls(hook, search.runID())).singleElement()
                    .satisfies(body -> assertThat(body.path("event").asString()).isEqualTo("capacity.finished"))
                    .satisfies(body -> assertThat(body.path("capacity").path("sustainedRate").asDouble()).isEqualTo(20.0));
            assertThat(calls(hook, cancelled.runID())).isEmpty();
        }
    }

    @Test
    void aSlackWebhookGetsAMessageAndFailedCallsAreRetriedWithBackoffAndRecorded() {
        AtomicInteger calls = new AtomicInteger();
        try (HttpSink slack = new HttpSink()) {
            slack.answering(received -> new HttpSink.Answer(calls.incrementAndGet() <= 2 ? 503 : 200, "text/plain",
                    "ok".getBytes()));
            Scenario test = Scenario.to("hook-slack", Map.of("endpoint", load.url())).with("logRate", 10).with("duration", 1)
                    .with("webhook", Map.of("url", slack.url() + "/services/T0/B0/xyz", "format", "slack"));
            test.run(api, Duration.ofSeconds(15));

            await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/tests/" + test.testID() + "/runs/" + test.runID())
                    .json().path("notifications").size() == 1);
            JsonNode notification = api.get("/tests/" + test.testID() + "/runs/" + test.runID()).json().path("notifications").get(0);
            assertThat(notification.path("delivered").asBoolean()).isTrue();
            assertThat(notification.path("format").asString()).isEqualTo("slack");
            assertThat(notification.path("attempts").findValues("status").stream().map(JsonNode::asInt)).containsExactly(503, 503, 200);
            List<HttpSink.Received> received = slack.received();
            assertThat(received).hasSize(3);
            long firstGap = (received.get(1).atNanos() - received.get(0).atNanos()) / 1_000_000;
            long secondGap = (received.get(2).atNanos() - received.get(1).atNanos()) / 1_000_000;
            assertThat(firstGap).as("backoff, ms").isBetween(900L, 1_600L);
            assertThat(secondGap).as("doubled").isBetween(1_800L, 2_800L);
            String text = Api.parse(received.get(2).text()).path("text").asString();
            assertThat(text).startsWith("*MoniFlux* run 1 of `" + test.testID() + "` *completed*")
                    .contains("• logs: ").contains("10 sent, 0 failed, 0 missed");
        }
    }

    @Test
    void aWebhookThatNeverAnswersWellIsRecordedAsNotDelivered() {
        try (HttpSink broken = new HttpSink().answering(500)) {
            Scenario test = Scenario.to("hook-broken", Map.of("endpoint", load.url())).with("logRate", 10).with("duration", 1)
                    .with("webhook", Map.of("url", broken.url()));
            test.run(api, Duration.ofSeconds(15));

            await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/tests/" + test.testID() + "/runs/" + test.runID())
                    .json().path("notifications").size() == 1);
            JsonNode notification = api.get("/tests/" + test.testID() + "/runs/" + test.runID()).json().path("notifications").get(0);
            assertThat(notification.path("delivered").asBoolean()).isFalse();
            assertThat(notification.path("attempts")).hasSize(4);
            assertThat(broken.count()).isEqualTo(4);
        }
    }
}
