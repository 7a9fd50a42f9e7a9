package io.moniflux.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Runs;
import tools.jackson.databind.JsonNode;

/** Started tests really deliver their load, and the results say exactly what happened. */
@FullStackTest(properties = {"moniflux.engine.request-timeout=400ms", "moniflux.engine.max-lag=300ms",
        "moniflux.engine.stop-grace=300ms"})
@Tag("receiver")
class LoadDeliveryTest {

    @LocalServerPort
    int port;

    Map<String, Object> test(String receiver, double logRate, double metricsRate, double traceRate, int duration) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("testID", "delivery-" + UUID.randomUUID().toString().substring(0, 8));
        body.put("userID", "user123");
        body.put("logType", "WARN");
        body.put("logRate", logRate);
        body.put("logSize", 64);
        body.put("metricsRate", metricsRate);
        body.put("traceRate", traceRate);
        body.put("duration", duration);
        body.put("destination", Map.of("name", "sink", "endpoint", receiver, "apiKey", "secret-key"));
        return body;
    }

    @Test
    void deliversExactlyTheEventsOfAShortLowRateTestInTheGoFormat() {
        try (HttpSink sink = new HttpSink()) {
            Api api = new Api(port);
            Map<String, Object> definition = test(sink.url(), 5, 4, 3, 2);
            String testID = (String) definition.get("testID");
            assertThat(api.post("/start-test", definition).status()).isEqualTo(200);

            JsonNode done = Runs.awaitEnd(api, testID, Duration.ofSeconds(15));

            assertThat(done.path("status").asString()).isEqualTo("Completed");
            assertThat(sink.received("/logs")).hasSize(10);
            assertThat(sink.received("/metrics")).hasSize(8);
            assertThat(sink.received("/traces")).hasSize(6);
            assertThat(sink.received()).allSatisfy(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.header("Authorization")).isEqualTo("Bearer secret-key");
                assertThat(request.header("Content-Type")).startsWith("application/json");
            });

            Set<Long> logSeqs = new HashSet<>();
            for (HttpSink.Received request : sink.received("/logs")) {
                JsonNode log = Api.parse(request.text());
                assertThat(log.isObject()).as("batch size 1 sends one object, as the Go service did").isTrue();
                assertThat(log.path("message").asString()).hasSize(64);
                assertThat(log.path("level").asString()).isEqualTo("WARN");
                assertThat(log.path("timestamp").asString()).isNotBlank();
                assertThat(log.path("testID").asString()).isEqualTo(testID);
                assertThat(log.path("runID").asString()).isEqualTo(testID + "-run-1");
                logSeqs.add(log.path("seq").asLong());
            }
            assertThat(logSeqs).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);

            for (HttpSink.Received request : sink.received("/metrics")) {
                JsonNode metric = Api.parse(request.text());
                assertThat(metric.path("name").asString()).isNotBlank();
                assertThat(metric.path("type").asString()).isIn("counter", "gauge", "histogram");
                assertThat(metric.path("labels").path("service").asString()).isNotBlank();
            }
            List<JsonNode> spans = sink.received("/traces").stream().map(r -> Api.parse(r.text())).toList();
            assertThat(spans).allSatisfy(span -> {
                assertThat(span.path("traceID").asString()).matches("[0-9a-f]{32}");
                assertThat(span.path("spanID").asString()).matches("[0-9a-f]{16}");
                assertThat(span.path("service").asString()).isNotBlank();
                assertThat(span.path("operation").asString()).isNotBlank();
                assertThat(span.path("durationMs").asDouble()).isPositive();
            });
            assertThat(spans).anySatisfy(span -> assertThat(span.path("parentSpanID").asString()).matches("[0-9a-f]{16}"));

            JsonNode logs = Runs.results(done, "logs");
            assertThat(logs.path("attempted").asLong()).isEqualTo(10);
            assertThat(logs.path("sent").asLong()).isEqualTo(10);
            assertThat(logs.path("failed").asLong()).isZero();
            assertThat(logs.path("missed").asLong()).isZero();
            assertThat(logs.path("statusCodes").path("200").asLong()).isEqualTo(10);
            assertThat(logs.path("bytes").asLong()).isEqualTo(sink.received("/logs").stream().mapToLong(r -> r.body().length).sum());
            assertThat(logs.path("latency").path("p99").asDouble()).isPositive();
            assertThat(Runs.results(done, "metrics").path("sent").asLong()).isEqualTo(8);
            assertThat(Runs.results(done, "traces").path("sent").asLong()).isEqualTo(6);
            assertThat(done.path("runs").get(0).path("totals").path("logs").path("sent").asLong()).isEqualTo(10);
        }
    }

    @Test
    void batchesGoAsJsonArraysToTheEndpointsPath() {
        try (HttpSink sink = new HttpSink()) {
            Api api = new Api(port);
            Map<String, Object> definition = test(sink.url() + "/base/", 20, 0, 0, 2);
            definition.put("batchSize", 5);
            String testID = (String) definition.get("testID");
            api.post("/start-test", definition);

            Runs.awaitEnd(api, testID, Duration.ofSeconds(15));

            assertThat(sink.received()).hasSize(8).allSatisfy(request -> {
                assertThat(request.path()).isEqualTo("/base/logs");
                JsonNode batch = Api.parse(request.text());
                assertThat(batch.isArray()).isTrue();
                assertThat(batch.size()).isEqualTo(5);
            });
        }
    }

    @Test
    void endpointWithoutSchemeAndASeparatePortWorks() {
        try (HttpSink sink = new HttpSink()) {
            Api api = new Api(port);
            Map<String, Object> definition = test("127.0.0.1", 0, 2, 0, 1);
            definition.put("destination", Map.of("endpoint", "127.0.0.1", "port", sink.port()));
            String testID = (String) definition.get("testID");
            api.post("/start-test", definition);

            Runs.awaitEnd(api, testID, Duration.ofSeconds(15));

            assertThat(sink.received("/metrics")).hasSize(2)
                    .allSatisfy(request -> assertThat(request.header("Authorization")).isNull());
        }
    }

    @Test
    void aFractionalRateWorks() {
        try (HttpSink sink = new HttpSink()) {
            Api api = new Api(port);
            Map<String, Object> definition = test(sink.url(), 0, 0, 0.5, 5);
            String testID = (String) definition.get("testID");
            api.post("/start-test", definition);

            JsonNode done = Runs.awaitEnd(api, testID, Duration.ofSeconds(15));

            assertThat(sink.received("/traces")).as("spans at 0, 2 and 4 s").hasSize(3);
            assertThat(Runs.results(done, "traces").path("sent").asLong()).isEqualTo(3);
        }
    }

    @Test
    void aReceiverAnswering500GivesFailuresAndTheTestStillCompletes() {
        try (HttpSink sink = new HttpSink().answering(500)) {
            Api api = new Api(port);
            Map<String, Object> definition = test(sink.url(), 10, 0, 0, 1);
            String testID = (String) definition.get("testID");
            api.post("/start-test", definition);

            JsonNode done = Runs.awaitEnd(api, testID, Duration.ofSeconds(15));

            assertThat(done.path("status").asString()).isEqualTo("Completed");
            JsonNode logs = Runs.results(done, "logs");
            assertThat(logs.path("failed").asLong()).isEqualTo(10);
            assertThat(logs.path("sent").asLong()).isZero();
            assertThat(logs.path("statusCodes").path("500").asLong()).isEqualTo(10);
            assertThat(logs.path("errors").path("http-500").asLong()).isEqualTo(10);
        }
    }

    @Test
    void aHangingReceiverGivesTimeoutsAndMissesWithBoundedRequestsInFlight() {
        try (HttpSink sink = new HttpSink().delaying(Duration.ofSeconds(5))) {
            Api api = new Api(port);
            Map<String, Object> definition = test(sink.url(), 50, 0, 0, 2);
            definition.put("maxInFlight", 4);
            String testID = (String) definition.get("testID");
            api.post("/start-test", definition);

            JsonNode done = Runs.awaitEnd(api, testID, Duration.ofSeconds(20));

            assertThat(done.path("status").asString()).isEqualTo("Completed");
            JsonNode logs = Runs.results(done, "logs");
            assertThat(logs.path("attempted").asLong() + logs.path("missed").asLong()).isEqualTo(100);
            assertThat(logs.path("missed").asLong()).isGreaterThan(50);
            assertThat(logs.path("errors").path("timeout").asLong()).isEqualTo(logs.path("attempted").asLong());
            assertThat(logs.path("failed").asLong()).isEqualTo(logs.path("attempted").asLong());
        }
    }

    @Test
    void aDestinationThatIsDownForTheWholeTestStillEndsCompleted() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Api api = new Api(port);
        Map<String, Object> definition = test("http://127.0.0.1:" + closedPort, 10, 0, 0, 1);
        String testID = (String) definition.get("testID");
        api.post("/start-test", definition);

        JsonNode done = Runs.awaitEnd(api, testID, Duration.ofSeconds(15));

        assertThat(done.path("status").asString()).isEqualTo("Completed");
        JsonNode logs = Runs.results(done, "logs");
        assertThat(logs.path("failed").asLong()).isEqualTo(10);
        assertThat(logs.path("errors").path("connection-refused").asLong()).isEqualTo(10);
    }

    @Test
    void cancelStopsEveryStreamWithin100msAndKeepsThePartialResults() {
        try (HttpSink sink = new HttpSink().countingOnly()) {
            Api api = new Api(port);
            Map<String, Object> definition = test(sink.url(), 200, 100, 100, 60);
            String testID = (String) definition.get("testID");
            api.post("/start-test", definition);
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.count() > 200);

            assertThat(api.post("/cancel-test", Map.of("testID", testID)).status()).isEqualTo(200);
            long cancelled = System.nanoTime();
            long countAtCancel = sink.count();

            JsonNode done = Runs.awaitEnd(api, testID, Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(5)).until(() -> !"Running".equals(
                    api.get("/tests/" + testID + "/runs").json().get(0).path("status").asString()));
            long afterCancel = sink.count() - countAtCancel;

            assertThat(done.path("status").asString()).isEqualTo("Cancelled");
            assertThat(afterCancel).as("requests arriving after the cancel (400 events/s: 40 in 100 ms)").isLessThan(40);
            JsonNode run = api.get("/tests/" + testID + "/runs").json().get(0);
            assertThat(run.path("status").asString()).isEqualTo("Cancelled");
            assertThat(run.path("endReason").asString()).isEqualTo("cancelled");
            long sent = run.path("results").path("logs").path("sent").asLong() + run.path("results").path("metrics").path("sent").asLong()
                    + run.path("results").path("traces").path("sent").asLong();
            assertThat(sent).isEqualTo(sink.count());
            assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void ratesChangeLiveAndTheTimelineShowsTheStep() {
        try (HttpSink sink = new HttpSink().countingOnly()) {
            Api api = new Api(port);
            Map<String, Object> definition = test(sink.url(), 20, 0, 0, 6);
            String testID = (String) definition.get("testID");
            api.post("/start-test", definition);
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.count() >= 40);

            Api.Response changed = api.patch("/tests/" + testID + "/rates", Map.of("logRate", 100));
            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
            assertThat(changed.json().path("rates").path("logs").asDouble()).isEqualTo(100.0);

            JsonNode done = Runs.awaitEnd(api, testID, Duration.ofSeconds(15));
            String runID = done.path("currentRunID").asString();
            List<JsonNode> timeline = new ArrayList<>();
            api.get("/tests/" + testID + "/runs/" + runID + "/timeline").json().forEach(timeline::add);

            assertThat(timeline).hasSize(6);
            assertThat(timeline.get(0).path("targetRate").asDouble()).isEqualTo(20.0);
            assertThat(timeline.get(0).path("sent").asLong()).isBetween(18L, 22L);
            assertThat(timeline.get(5).path("targetRate").asDouble()).isEqualTo(100.0);
            assertThat(timeline.get(5).path("sent").asLong()).isBetween(90L, 110L);
            assertThat(done.path("logRate").asDouble()).as("a live change belongs to the run, not the definition").isEqualTo(20.0);
            assertThat(api.get("/tests?size=500").json().findValues("testID").stream().anyMatch(id -> id.asString().equals(testID)))
                    .isTrue();
            api.get("/tests?size=500").json().forEach(test -> {
                if (test.path("testID").asString().equals(testID)) {
                    assertThat(test.path("logRate").asDouble()).as("the listing shows the definition").isEqualTo(20.0);
                }
            });
        }
    }

    @Test
    void ratesOfATestThatIsNotRunningCannotChange() {
        Api api = new Api(port);
        Map<String, Object> definition = test("http://127.0.0.1:9", 20, 0, 0, 6);
        String testID = (String) definition.get("testID");
        api.post("/create-test", definition);

        Api.Response response = api.patch("/tests/" + testID + "/rates", Map.of("logRate", 100));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("test-not-running");
    }

    @Test
    void stagesRampTheRateLikeK6() {
        try (HttpSink sink = new HttpSink().countingOnly()) {
            Api api = new Api(port);
            Map<String, Object> definition = test(sink.url(), 10, 0, 0, 4);
            definition.put("stages", Map.of("logs", List.of(Map.of("duration", 2, "rate", 50))));
            String testID = (String) definition.get("testID");
            api.post("/start-test", definition);

            JsonNode done = Runs.awaitEnd(api, testID, Duration.ofSeconds(15));

            assertThat(sink.count()).as("a ramp 10 -> 50 over 2 s (60), then 50 for 2 s (100)").isEqualTo(160);
            assertThat(Runs.results(done, "logs").path("sent").asLong()).isEqualTo(160);
        }
    }

    @Test
    void theServicesOwnLoadIsOnThePrometheusEndpoint() {
        try (HttpSink sink = new HttpSink().countingOnly()) {
            Api api = new Api(port);
            Map<String, Object> definition = test(sink.url(), 10, 0, 0, 2);
            api.post("/start-test", definition);
            Runs.awaitEnd(api, (String) definition.get("testID"), Duration.ofSeconds(15));

            String scrape = api.get("/actuator/prometheus").body();
            assertThat(scrape).contains("moniflux_events_total{").contains("outcome=\"sent\"").contains("signal=\"logs\"")
                    .contains("destination_type=\"http\"");
            assertThat(scrape).contains("moniflux_request_latency_seconds_count{");
        }
    }
}
