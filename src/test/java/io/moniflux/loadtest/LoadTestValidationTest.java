package io.moniflux.loadtest;

import static io.moniflux.loadtest.TestBodies.definition;
import static io.moniflux.loadtest.TestBodies.uniqueId;
import static io.moniflux.loadtest.TestBodies.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import io.moniflux.support.Api;
import io.moniflux.support.Api.Response;
import io.moniflux.support.FullStackTest;

/**
 * Every way a request can be wrong gets a 400 with a stable code naming the field, and leaves the
 * database exactly as it was.
 */
@FullStackTest(properties = {"moniflux.limits.max-rate=50000", "moniflux.limits.max-duration=3600",
        "moniflux.limits.max-log-size=4096"})
class LoadTestValidationTest {

    static final String RECEIVER = "http://127.0.0.1:9";
    static final String EXISTING = uniqueId("existing");

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        if (mongo.findById(EXISTING, LoadTest.class) == null) {
            assertThat(api.post("/create-test", definition(EXISTING, RECEIVER)).status()).isEqualTo(201);
        }
    }

    static Stream<Arguments> badDefinitions() {
        Map<String, Object> base = definition("bad", RECEIVER);
        return Stream.of(
                Arguments.of("misspelt field", with(base, "lograte", 5), "unknown-field", "lograte"),
                Arguments.of("unknown nested field", with(base, "destination", Map.of("endpoint", RECEIVER, "apikey", "x")), "unknown-field", "destination.apikey"),
                Arguments.of("rate as a string", with(base, "logRate", "500"), "invalid-type", "logRate"),
                Arguments.of("rate as an object", with(base, "metricsRate", Map.of("value", 1)), "invalid-type", "metricsRate"),
                Arguments.of("size with a fraction", with(base, "logSize", 10.5), "invalid-type", "logSize"),
                Arguments.of("duration as text", with(base, "duration", "ten minutes"), "invalid-type", "duration"),
                Arguments.of("destination as a string", with(base, "destination", RECEIVER), "invalid-type", "destination"),
                Arguments.of("header value as a number", with(base, "destination", Map.of("endpoint", RECEIVER, "headers", Map.of("X-A", 5))), "invalid-type", "destination.headers.X-A"),
                Arguments.of("header value as an object", with(base, "destination", Map.of("endpoint", RECEIVER, "headers", Map.of("X-A", Map.of("a", 1)))), "invalid-type", "destination.headers.X-A"),
                Arguments.of("negative log rate", with(base, "logRate", -1), "invalid-rate", "logRate"),
                Arguments.of("negative trace rate", with(base, "traceRate", -0.5), "invalid-rate", "traceRate"),
                Arguments.of("huge number", with(base, "metricsRate", new BigDecimal("1e400")), "invalid-rate", "metricsRate"),
                Arguments.of("no signal at all", with(with(with(base, "logRate", 0), "metricsRate", 0), "traceRate", 0), "no-signal", "logRate"),
                Arguments.of("rate above the cap", with(base, "logRate", 50001), "cap-exceeded", "logRate"),
                Arguments.of("zero duration", with(base, "duration", 0), "out-of-range", "duration"),
                Arguments.of("duration above the cap", with(base, "duration", 3601), "cap-exceeded", "duration"),
                Arguments.of("missing duration", with(base, "duration", null), "required", "duration"),
                Arguments.of("log size zero", with(base, "logSize", 0), "out-of-range", "logSize"),
                Arguments.of("log size above the maximum", with(base, "logSize", 4097), "out-of-range", "logSize"),
                Arguments.of("unknown log type", with(base, "logType", "LOUD"), "invalid-log-type", "logType"),
                Arguments.of("missing destination", with(base, "destination", null), "required", "destination"),
                Arguments.of("endpoint with a space", with(base, "destination", Map.of("endpoint", "http://exa mple.com")), "invalid-destination", "destination.endpoint"),
                Arguments.of("endpoint without host", with(base, "destination", Map.of("endpoint", "http://")), "invalid-destination", "destination.endpoint"),
                Arguments.of("endpoint with a bad scheme", with(base, "destination", Map.of("endpoint", "ftp://127.0.0.1")), "invalid-destination", "destination.endpoint"),
                Arguments.of("port out of range", with(base, "destination", Map.of("endpoint", "127.0.0.1", "port", 70000)), "invalid-destination", "destination.port"),
                Arguments.of("port conflicting with the endpoint", with(base, "destination", Map.of("endpoint", "http://127.0.0.1:81", "port", 82)), "invalid-destination", "destination.endpoint"),
                Arguments.of("unknown destination type", with(base, "destination", Map.of("endpoint", RECEIVER, "type", "carrier-pigeon")), "unknown-type", "destination.type"),
                Arguments.of("unknown metric kind", with(base, "payload", Map.of("metricKinds", List.of("histogram", "sparkline"))), "unknown-metric-kind", "payload.metricKinds[1]"),
                Arguments.of("exponential histograms to remote write", with(with(with(with(base, "logRate", 0), "traceRate", 0), "payload", Map.of("metricKinds", List.of("gauge", "exponential_histogram"))),
                        "destination", Map.of("type", "prometheus-remote-write", "endpoint", RECEIVER)), "unsupported-metric-kind", "payload.metricKinds"),
                Arguments.of("unknown log format", with(base, "payload", Map.of("logs", Map.of("format", "xml"))), "invalid-payload", "payload.logs.format"),
                Arguments.of("unknown level weighted", with(base, "payload", Map.of("logs", Map.of("severity", Map.of("LOUD", 1)))), "invalid-log-type", "payload.logs.severity"),
                Arguments.of("unknown template variable", with(base, "payload", Map.of("logs", Map.of("templates", List.of("hello {name}")))), "invalid-payload", "payload.logs.templates[0]"),
                Arguments.of("stack trace ratio above 1", with(base, "payload", Map.of("logs", Map.of("stackTraceRatio", 1.5))), "out-of-range", "payload.logs.stackTraceRatio"),
                Arguments.of("depth without breadth", with(base, "payload", Map.of("traces", Map.of("depth", 3))), "invalid-payload", "payload.traces.depth"),
                Arguments.of("a trace of too many spans", with(base, "payload", Map.of("traces", Map.of("depth", 10, "breadth", 10))), "out-of-range", "payload.traces.depth"),
                Arguments.of("unknown churn mode", with(base, "payload", Map.of("churn", Map.of("mode", "chaos"))), "invalid-payload", "payload.churn.mode"),
                Arguments.of("workers zero", with(base, "workers", 0), "out-of-range", "workers"),
                Arguments.of("batch size zero", with(base, "batchSize", 0), "out-of-range", "batchSize"),
                Arguments.of("bad test id", with(base, "testID", "../etc/passwd"), "invalid-test-id", "testID"),
                Arguments.of("schedule in the past", with(base, "schedule", "2001-01-01T00:00:00Z"), "schedule-in-past", "schedule"),
                Arguments.of("schedule that is not a date", with(base, "schedule", "tomorrow"), "invalid-schedule", "schedule"),
                Arguments.of("schedule and cron at once", with(with(base, "schedule", "2099-01-01T00:00:00Z"), "cron", "0 0 * * * *"), "ambiguous-schedule", "cron"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDefinitions")
    void refusesABadDefinitionOnCreateAndChangesNothing(String name, Map<String, Object> body, String code, String field) {
        String testID = uniqueId("bad");
        Map<String, Object> request = body.containsKey("testID") && !"bad".equals(body.get("testID")) ? body : with(body, "testID", testID);

        Snapshot before = snapshot();
        Response response = api.post("/create-test", request);

        assertRefused(response, code, field);
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDefinitions")
    void refusesABadDefinitionOnStartAndChangesNothing(String name, Map<String, Object> body, String code, String field) {
        if (field.equals("schedule") || field.equals("cron")) {
            return; // start-test refuses any schedule, checked below
        }
        Map<String, Object> request = field.equals("testID") ? body : with(body, "testID", EXISTING);
        if (field.equals("duration") && code.equals("required") || field.equals("destination") && code.equals("required")) {
            return; // an existing test already has these
        }

        Snapshot before = snapshot();
        Response response = api.post("/start-test", request);

        assertRefused(response, code, field);
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void refusesBodiesThatAreNotAJsonObject(String name, String path, String body, String code) {
        Snapshot before = snapshot();
        Response response = api.send("POST", path, body);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.code()).isEqualTo(code);
        assertThat(snapshot()).isEqualTo(before);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("truncated JSON", "/create-test", "{\"testID\": \"x\", ", "malformed-json"),
                Arguments.of("not JSON", "/start-test", "testID=x", "malformed-json"),
                Arguments.of("NaN", "/create-test", "{\"testID\":\"x\",\"logRate\":NaN,\"duration\":5}", "malformed-json"),
                Arguments.of("an array", "/cancel-test", "[\"x\"]", "invalid-body"),
                Arguments.of("empty body", "/restart-test", "", "missing-body"),
                Arguments.of("trailing garbage", "/cancel-test", "{\"testID\":\"x\"} {}", "malformed-json"),
                Arguments.of("cancel with a misspelt id", "/cancel-test", "{\"testId\":\"x\"}", "unknown-field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLifecycleRequests")
    void refusesBadLifecycleRequests(String name, String path, Map<String, Object> body, String code) {
        Snapshot before = snapshot();
        Response response = api.post(path, body);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.code()).isEqualTo(code);
        assertThat(snapshot()).isEqualTo(before);
    }

    static Stream<Arguments> badLifecycleRequests() {
        return Stream.of(
                Arguments.of("restart without testID", "/restart-test", Map.of("logRate", 5), "required"),
                Arguments.of("cancel without testID", "/cancel-test", Map.of(), "required"),
                Arguments.of("schedule without a time", "/schedule-test", Map.of("testID", EXISTING), "required"),
                Arguments.of("schedule in the past", "/schedule-test", Map.of("testID", EXISTING, "schedule", "2020-05-01T00:00:00Z"), "schedule-in-past"),
                Arguments.of("schedule without offset", "/schedule-test", Map.of("testID", EXISTING, "schedule", "2099-05-01T00:00:00"), "invalid-schedule"),
                Arguments.of("schedule far ahead", "/schedule-test", Map.of("testID", EXISTING, "schedule", "2999-05-01T00:00:00Z"), "schedule-too-far"),
                Arguments.of("cron that is not one", "/schedule-test", Map.of("testID", EXISTING, "cron", "every day"), "invalid-cron"),
                Arguments.of("unknown time zone", "/schedule-test", Map.of("testID", EXISTING, "cron", "0 0 3 * * *", "timeZone", "Mars/Olympus"), "invalid-time-zone"),
                Arguments.of("schedule and scheduleAt differ", "/schedule-test", Map.of("testID", EXISTING, "schedule", "2099-05-01T00:00:00Z", "scheduleAt", "2099-05-02T00:00:00Z"), "ambiguous-schedule"),
                Arguments.of("start with a schedule", "/start-test", Map.of("testID", EXISTING, "schedule", "2099-05-01T00:00:00Z"), "unexpected-field"),
                Arguments.of("restart with a bad rate", "/restart-test", Map.of("testID", EXISTING, "logRate", -3), "invalid-rate"),
                Arguments.of("schedule with a bad rate", "/schedule-test", Map.of("testID", EXISTING, "traceRate", -3, "schedule", Instant.now().plusSeconds(60).toString()), "invalid-rate"));
    }

    @Test
    void saysWhichTypeAValueMustHave() {
        Response header = api.post("/create-test", with(definition(uniqueId("bad"), RECEIVER), "destination",
                Map.of("endpoint", RECEIVER, "headers", Map.of("X-A", 5))));
        assertThat(header.json().path("detail").asString()).isEqualTo("destination.headers.X-A must be a string");
        Response rate = api.post("/create-test", with(definition(uniqueId("bad"), RECEIVER), "logRate", "fast"));
        assertThat(rate.json().path("detail").asString()).isEqualTo("logRate must be a number");
    }

    private static void assertRefused(Response response, String code, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asString()).isNotBlank();
        assertThat(response.json().path("errors").findValuesAsString("code")).contains(code);
        assertThat(response.json().path("errors").findValuesAsString("field")).contains(field);
    }

    private Snapshot snapshot() {
        return new Snapshot(
                mongo.getCollection("tests").find().map(Document::toJson).into(new ArrayList<>()),
                mongo.count(new Query(), "test_runs"));
    }

    record Snapshot(List<String> tests, long runs) {
    }
}
