package io.moniflux.loadtest;

import static io.moniflux.loadtest.TestBodies.definition;
import static io.moniflux.loadtest.TestBodies.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.EventStream;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Runs;
import tools.jackson.databind.JsonNode;

/**
 * A run's figures are decided once: the API's progress and run, the stream, the report and the webhook
 * show the same target and achieved rates, for runs whose rate moves.
 */
@FullStackTest
class RunFiguresTest {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    static Map<String, Object> ramp(String testID, String url, int duration, List<Map<String, Object>> stages) {
        Map<String, Object> body = definition(testID, url);
        body.put("logRate", 100);
        body.remove("metricsRate");
        body.remove("traceRate");
        body.put("duration", duration);
        body.put("stages", Map.of("logs", stages));
        return body;
    }

    @Test
    void aRampsFiguresAgreeInEveryView() {
        try (HttpSink sink = new HttpSink()) {
            String testID = uniqueId("ramp");
            Map<String, Object> body = ramp(testID, sink.url(), 6, List.of(Map.of("duration", 4, "rate", 500)));
            body.put("webhook", Map.of("url", sink.url() + "/hook"));
            assertThat(api.post("/start-test", body).status()).isEqualTo(200);

            List<EventStream.Event> frames;
            try (EventStream stream = api.stream("/tests/" + testID + "/stream")) {
                // halfway up the ramp the target now is the ramp's, not the definition's 100/s
                await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/tests/" + testID).json().path("progress")
                        .path("lastSecond").asLong(-1) >= 2);
                JsonNode progress = api.get("/tests/" + testID).json().path("progress");
                long last = progress.path("lastSecond").asLong();
                double now = progress.path("rates").path("logs").asDouble();
                double elapsed = progress.path("elapsed").asDouble();
                assertThat(now).as("the ramp's rate at %s s", elapsed).isCloseTo(100 + 100 * elapsed, within(60.0));
                JsonNode point = point(api.get("/tests/" + testID + "/runs/" + testID + "-run-1/timeline").json(), last);
                assertThat(point.path("targetRate").asDouble()).as("the timeline's second %d", last)
                        .isCloseTo(100 + 100 * (last + 0.5), within(1.0));
                frames = stream.untilClosed(Duration.ofSeconds(20));
            }
            JsonNode run = Runs.awaitEnd(api, testID, Duration.ofSeconds(10)).path("progress");
            // 1200 events up the ramp, 1000 at its top: 2200 in 6 s
            JsonNode results = run.path("results").path("logs");
            assertThat(results.path("targetRate").asDouble()).isCloseTo(366.67, within(0.01));
            double achieved = results.path("achievedRate").asDouble();

            JsonNode end = frames.getLast().data();
            assertThat(frames.getLast().name()).isEqualTo("end");
            assertThat(end.path("signals").path("logs").path("targetRate").asDouble()).isEqualTo(366.67);
            assertThat(end.path("signals").path("logs").path("achievedRate").asDouble()).isEqualTo(achieved);

            JsonNode report = api.get("/tests/" + testID + "/runs/" + testID + "-run-1/report?format=json").json();
            assertThat(report.path("signals").path("logs").path("targetRate").asDouble()).isEqualTo(366.67);
            assertThat(report.path("signals").path("logs").path("achievedRate").asDouble()).isEqualTo(achieved);
            assertThat(report.path("elapsed").asDouble()).isEqualTo(run.path("elapsed").asDouble());

            await().atMost(Duration.ofSeconds(10)).until(() -> !sink.received("/hook").isEmpty());
            JsonNode hook = Api.parse(sink.received("/hook").getFirst().text());
            assertThat(hook.path("signals").path("logs").path("targetRate").asDouble()).isEqualTo(366.67);
            assertThat(hook.path("signals").path("logs").path("achievedRate").asDouble()).isEqualTo(achieved);
            assertThat(hook.path("seconds").asDouble()).isEqualTo(run.path("elapsed").asDouble());
        }
    }

    @Test
    void aLiveChangeDuringARampHoldsToTheEndOfTheRunAndLeavesTheDefinitionAlone() {
        try (HttpSink sink = new HttpSink().countingOnly()) {
            String testID = uniqueId("ramp-change");
            assertThat(api.post("/start-test", ramp(testID, sink.url(), 8, List.of(Map.of("duration", 8, "rate", 900))))
                    .status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/tests/" + testID).json().path("progress")
                    .path("lastSecond").asLong(-1) >= 1);

            JsonNode changed = api.patch("/tests/" + testID + "/rates", Map.of("logRate", 300)).json();
            assertThat(changed.path("rates").path("logs").asDouble()).isEqualTo(300.0);
            double changedAt = changed.path("elapsed").asDouble();

            JsonNode test = api.get("/tests/" + testID).json();
            assertThat(test.path("logRate").asDouble()).as("the definition").isEqualTo(100.0);
            assertThat(test.path("stages").path("logs").get(0).path("rate").asDouble()).isEqualTo(900.0);
            api.get("/tests?size=500").json().forEach(listed -> {
                if (listed.path("testID").asString().equals(testID)) {
                    assertThat(listed.path("logRate").asDouble()).as("the listing shows the definition").isEqualTo(100.0);
                }
            });

            Runs.awaitEnd(api, testID, Duration.ofSeconds(15));
            List<JsonNode> after = new ArrayList<>();
            api.get("/tests/" + testID + "/runs/" + testID + "-run-1/timeline").json().forEach(point -> {
                if (point.path("second").asLong() >= changedAt + 1) {
                    after.add(point);
                }
            });
            assertThat(after).isNotEmpty().allSatisfy(point -> assertThat(point.path("targetRate").asDouble())
                    .as("the ramp does not resume after the change").isEqualTo(300.0));
        }
    }

    @Test
    void anUnknownRunIsNamedAsARunOfItsTest() {
        String testID = uniqueId("no-run");
        assertThat(api.post("/create-test", definition(testID, "http://127.0.0.1:9")).status()).isEqualTo(201);
        for (String path : List.of("/runs/nope-run-9", "/runs/nope-run-9/timeline", "/runs/nope-run-9/report?format=json")) {
            Api.Response response = api.get("/tests/" + testID + path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.code()).as(path).isEqualTo("run-not-found");
            assertThat(response.json().path("detail").asString()).as(path)
                    .isEqualTo("Test '" + testID + "' has no run 'nope-run-9'.");
        }
    }

    private static JsonNode point(JsonNode timeline, long second) {
        for (JsonNode point : timeline) {
            if (point.path("second").asLong() == second && point.path("signal").asString().equals("logs")) {
                return point;
            }
        }
        throw new AssertionError("no point for second " + second + " in " + timeline);
    }
}
