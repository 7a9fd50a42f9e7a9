package io.moniflux.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Malformed and hostile requests: each is refused with a 4xx and a stable code, and leaves the database
 * exactly as it was.
 */
@FullStackTest
class HostileInputTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    static String valid(Map<String, Object> changes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("testID", "hostile-" + System.nanoTime());
        body.put("logRate", 5);
        body.put("duration", 5);
        body.put("destination", new LinkedHashMap<>(Map.of("endpoint", "http://127.0.0.1:9")));
        changes.forEach((key, value) -> {
            if (key.startsWith("destination.")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> destination = (Map<String, Object>) body.get("destination");
                destination.put(key.substring(12), value);
            } else {
                body.put(key, value);
            }
        });
        return JSON.writeValueAsString(body);
    }

    /** {@code n} distinct entries, for a map field. */
    static Map<String, Object> entries(int n) {
        Map<String, Object> entries = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            entries.put("X-K" + i, "v");
        }
        return entries;
    }

    static String valid(String key, Object value) {
        return valid(Map.of(key, value));
    }

    static Stream<Arguments> hostile() {
        String long10k = "a".repeat(10_000);
        List<Arguments> cases = new ArrayList<>(List.of(
                // JSON that is not JSON
                Arguments.of("truncated", "/create-test", "{\"testID\": \"x\", \"logRate\": ", 400, "malformed-json"),
                Arguments.of("NaN", "/create-test", "{\"testID\":\"x\",\"logRate\":NaN,\"duration\":5}", 400, "malformed-json"),
                Arguments.of("Infinity", "/create-test", "{\"testID\":\"x\",\"logRate\":Infinity}", 400, "malformed-json"),
                Arguments.of("single quotes", "/create-test", "{'testID':'x'}", 400, "malformed-json"),
                Arguments.of("comment", "/create-test", "{/* hi */\"testID\":\"x\"}", 400, "malformed-json"),
                Arguments.of("trailing comma", "/create-test", "{\"testID\":\"x\",}", 400, "malformed-json"),
                Arguments.of("duplicate key", "/create-test", "{\"testID\":\"x\",\"logRate\":1,\"logRate\":100000}", 400, "duplicate-field"),
                Arguments.of("two objects", "/start-test", "{\"testID\":\"x\"}{\"testID\":\"y\"}", 400, "malformed-json"),
                Arguments.of("a bare string", "/cancel-test", "\"x\"", 400, "invalid-body"),
                Arguments.of("a number", "/cancel-test", "42", 400, "invalid-body"),
                Arguments.of("null", "/cancel-test", "null", 400, "missing-body"),
                Arguments.of("deep nesting", "/create-test", "{\"testID\":" + "[".repeat(2000) + "]".repeat(2000) + "}", 400, "invalid-type"),
                // types and numbers
                Arguments.of("rate as text", "/create-test", valid("logRate", "100"), 400, "invalid-type"),
                Arguments.of("rate as boolean", "/create-test", valid("logRate", true), 400, "invalid-type"),
                Arguments.of("rate as array", "/create-test", valid("logRate", List.of(1, 2)), 400, "invalid-type"),
                Arguments.of("rate 1e400", "/create-test", valid("logRate", new BigDecimal("1e400")), 400, "invalid-rate"),
                Arguments.of("rate -1e300", "/create-test", valid("logRate", -1e300), 400, "invalid-rate"),
                Arguments.of("duration overflow", "/create-test", valid("duration", new BigInteger("99999999999999999999")), 400, "out-of-range"),
                Arguments.of("duration negative", "/create-test", valid("duration", -5), 400, "out-of-range"),
                Arguments.of("duration fraction", "/create-test", valid("duration", 1.5), 400, "invalid-type"),
                Arguments.of("workers huge", "/create-test", valid("workers", 100000), 400, "out-of-range"),
                Arguments.of("batch negative", "/create-test", valid("batchSize", -1), 400, "out-of-range"),
                Arguments.of("maxInFlight huge", "/create-test", valid("maxInFlight", 1_000_000), 400, "out-of-range"),
                Arguments.of("entropy 2", "/create-test", valid("payload", Map.of("entropy", 2)), 400, "out-of-range"),
                Arguments.of("cardinality 0", "/create-test", valid("payload", Map.of("cardinality", 0)), 400, "out-of-range"),
                Arguments.of("stage rate negative", "/create-test", valid("stages", Map.of("logs", List.of(Map.of("duration", 1, "rate", -5)))), 400, "invalid-rate"),
                Arguments.of("stages longer than the test", "/create-test", valid("stages", Map.of("logs", List.of(Map.of("duration", 60, "rate", 5)))), 400, "stages-too-long"),
                Arguments.of("stages of an unknown signal", "/create-test", valid("stages", Map.of("profiles", List.of())), 400, "unknown-signal"),
                // very long strings and control characters
                Arguments.of("long testID", "/create-test", valid("testID", long10k), 400, "invalid-test-id"),
                Arguments.of("long userID", "/create-test", valid("userID", long10k), 400, "invalid-user-id"),
                Arguments.of("long name", "/create-test", valid("destination.name", long10k), 400, "invalid-text"),
                Arguments.of("long apiKey", "/create-test", valid("destination.apiKey", long10k), 400, "invalid-api-key"),
                Arguments.of("long endpoint", "/create-test", valid("destination.endpoint", "http://" + long10k + ".example"), 400, "invalid-destination"),
                Arguments.of("NUL in userID", "/create-test", valid("userID", "al\u0000ice"), 400, "invalid-user-id"),
                Arguments.of("newline in name", "/create-test", valid("destination.name", "a\nb"), 400, "invalid-text"),
                Arguments.of("testID with slash", "/create-test", valid("testID", "a/../b"), 400, "invalid-test-id"),
                Arguments.of("attribute key $", "/create-test", valid("payload", Map.of("attributes", Map.of("$where", "1"))), 400, "invalid-text"),
                Arguments.of("long cron", "/create-test", valid("cron", "0 ".repeat(500)), 400, "invalid-cron"),
                // file destinations: path traversal
                Arguments.of("traversal ..", "/create-test", valid(Map.of("destination.type", "file", "destination.endpoint", "../../etc")), 400, "invalid-destination"),
                Arguments.of("absolute path", "/create-test", valid(Map.of("destination.type", "file", "destination.endpoint", "/etc/cron.d")), 400, "invalid-destination"),
                Arguments.of("encoded traversal", "/create-test", valid(Map.of("destination.type", "file", "destination.endpoint", "..%2f..%2fetc")), 400, "invalid-destination"),
                Arguments.of("hidden segment", "/create-test", valid(Map.of("destination.type", "file", "destination.endpoint", "a/.ssh")), 400, "invalid-destination"),
                Arguments.of("backslashes", "/create-test", valid(Map.of("destination.type", "file", "destination.endpoint", "..\\..\\x")), 400, "invalid-destination"),
                // header injection and reserved headers
                Arguments.of("CRLF in a header value", "/create-test", valid("destination.headers", Map.of("X-A", "1\r\nX-Injected: 1")), 400, "invalid-destination"),
                Arguments.of("LF in a header value", "/create-test", valid("destination.headers", Map.of("X-A", "1\nHost: evil")), 400, "invalid-destination"),
                Arguments.of("colon in a header name", "/create-test", valid("destination.headers", Map.of("X-A: b", "1")), 400, "invalid-destination"),
                Arguments.of("space in a header name", "/create-test", valid("destination.headers", Map.of("X A", "1")), 400, "invalid-destination"),
                Arguments.of("Host header", "/create-test", valid("destination.headers", Map.of("Host", "evil")), 400, "invalid-destination"),
                Arguments.of("Transfer-Encoding header", "/create-test", valid("destination.headers", Map.of("Transfer-Encoding", "chunked")), 400, "invalid-destination"),
                Arguments.of("Content-Length header", "/create-test", valid("destination.headers", Map.of("Content-Length", "0")), 400, "invalid-destination"),
                // destinations
                Arguments.of("credentials in the endpoint", "/create-test", valid("destination.endpoint", "http://user:pw@127.0.0.1:9"), 400, "invalid-destination"),
                Arguments.of("javascript endpoint", "/create-test", valid("destination.endpoint", "javascript:alert(1)"), 400, "invalid-destination"),
                Arguments.of("cloud metadata", "/create-test", valid("destination.endpoint", "http://169.254.169.254/latest/meta-data"), 400, "invalid-destination"),
                Arguments.of("unknown compression", "/create-test", valid("destination.compression", "br"), 400, "invalid-destination"),
                Arguments.of("bad CA certificate", "/create-test", valid("destination.tls", Map.of("caCertificate", "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----")), 400, "invalid-destination"),
                Arguments.of("a file of a petabyte", "/create-test", valid(Map.of("destination.type", "file", "destination.endpoint",
                        "hostile-files", "destination.rotation", Map.of("maxBytes", 1_000_000_000_000_000L))), 400, "cap-exceeded"),
                Arguments.of("unknown tls field", "/create-test", valid("destination.tls", Map.of("verify", false)), 400, "unknown-field"),
                // lists and maps past their caps
                Arguments.of("101 headers", "/create-test", valid("destination.headers", entries(101)), 400, "cap-exceeded"),
                Arguments.of("101 attributes", "/create-test", valid("payload", Map.of("attributes", entries(101))), 400, "cap-exceeded"),
                Arguments.of("101 stages", "/create-test", valid("stages", Map.of("logs",
                        java.util.Collections.nCopies(101, Map.of("duration", 0, "rate", 1)))), 400, "cap-exceeded"),
                Arguments.of("21 thresholds", "/create-test", valid("thresholds",
                        java.util.Collections.nCopies(21, Map.of("metric", "errorRate", "max", 0.1))), 400, "cap-exceeded"),
                Arguments.of("101 webhook events", "/create-test", valid("webhook", Map.of("url", "http://127.0.0.1:9/hook",
                        "events", java.util.Collections.nCopies(101, "run.completed"))), 400, "cap-exceeded"),
                // size and media type
                Arguments.of("body over the limit", "/create-test", valid("destination.name", "x".repeat(300 * 1024)), 413, "payload-too-large")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void isRefusedWithAReasonAndChangesNothing(String name, String path, String body, int status, String code) {
        Snapshot before = snapshot();

        Api.Response response = new Api(port).send("POST", path, body);

        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.code()).as(response.toString()).isEqualTo(code);
        assertThat(response.json().path("detail").asString()).isNotBlank();
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mediaTypes")
    void refusesWhatIsNotJson(String name, String contentType, int status) {
        Snapshot before = snapshot();
        Api.Response response = new Api(port).withHeader("Content-Type", contentType).send("POST", "/create-test", valid(Map.of()));
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.code()).isEqualTo("unsupported-media-type");
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("yamlBodies")
    void aYamlBodyIsRefusedRatherThanReadWithoutTheStrictRules(String name, String body) {
        Snapshot before = snapshot();
        Api.Response response = new Api(port).withHeader("Content-Type", "application/yaml").send("POST", "/create-test", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(415);
        assertThat(response.code()).isEqualTo("unsupported-media-type");
        assertThat(snapshot()).isEqualTo(before);
    }

    static Stream<Arguments> yamlBodies() {
        return Stream.of(Arguments.of("misspelt field", "testID: yaml-1\nlograte: 5\nduration: 5\ndestination: {endpoint: http://127.0.0.1:9}\n"),
                Arguments.of("string rate", "testID: yaml-2\nlogRate: '5'\nduration: 5\ndestination: {endpoint: http://127.0.0.1:9}\n"),
                Arguments.of("repeated field", "testID: yaml-3\nlogRate: 5\nlogRate: 500000\nduration: 5\ndestination: {endpoint: http://127.0.0.1:9}\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedAccepts")
    void aMalformedAcceptHeaderIsABadRequestNotAServerError(String path, String accept) {
        Api.Response response = new Api(port).withHeader("Accept", accept).get(path);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo("invalid-accept");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddPaths")
    void aPathRefusedBeforeAnyControllerIsStillAProblem(String path) {
        Api.Response response = new Api(port).get(path);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.code()).isNotBlank();
    }

    static Stream<String> oddPaths() {
        return Stream.of("/tests/..;/admin/tokens", "/tests/%00", "/tests/..%2f..", "/tests/a%2fb");
    }

    static Stream<Arguments> malformedAccepts() {
        return Stream.of(Arguments.of("/tests/nope/runs/nope-run-1/report", "text/html;q=abc"),
                Arguments.of("/tests", "text/html;q=abc"), Arguments.of("/tests/nope", "application/json;;q==1"));
    }

    static Stream<Arguments> mediaTypes() {
        return Stream.of(Arguments.of("text/plain", "text/plain", 415), Arguments.of("form", "application/x-www-form-urlencoded", 415),
                Arguments.of("xml", "application/xml", 415), Arguments.of("yaml", "application/yaml", 415),
                Arguments.of("x-yaml", "application/x-yaml", 415), Arguments.of("cbor", "application/cbor", 415));
    }

    private Snapshot snapshot() {
        return new Snapshot(mongo.getCollection("tests").find().map(Document::toJson).into(new ArrayList<>()),
                mongo.getCollection("test_runs").countDocuments(), mongo.getCollection("api_tokens").countDocuments());
    }

    record Snapshot(List<String> tests, long runs, long tokens) {
    }
}
