package io.moniflux.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.moniflux.support.Api;
import io.moniflux.support.EventStream;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Runs;
import io.moniflux.support.Scenario;
import tools.jackson.databind.JsonNode;

/** Who may do what, whose tests they see, and that secrets stay secret. */
@FullStackTest(properties = "moniflux.security.cors-origins=https://frontend.example")
@ExtendWith(OutputCaptureExtension.class)
class SecurityTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    static String viewer;
    static String alice;
    static String bob;
    static String aliceTest;

    @BeforeEach
    void tokens() {
        if (viewer == null) {
            viewer = token("viewer", "victor", "viewer");
            alice = token("alice-ci", "alice", "operator");
            bob = token("bob-ci", "bob", "operator");
            aliceTest = "alice-" + System.nanoTime();
            Api.Response created = Api.withToken(port, alice).post("/create-test",
                    Scenario.to("x", Map.of("endpoint", "http://127.0.0.1:9")).with("testID", aliceTest).with("logRate", 1)
                            .with("userID", null).definition());
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
        }
    }

    String token(String name, String owner, String role) {
        Api.Response response = new Api(port).post("/admin/tokens", Map.of("name", name, "owner", owner, "roles", List.of(role)));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.json().path("token").asString()).startsWith("mfx_");
        return response.json().path("token").asString();
    }

    Api as(String who) {
        return switch (who) {
            case "anonymous" -> Api.anonymous(port);
            case "viewer" -> Api.withToken(port, viewer);
            case "operator" -> Api.withToken(port, alice);
            case "admin" -> new Api(port);
            default -> throw new IllegalArgumentException(who);
        };
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        // endpoint, method, who may: anonymous / viewer / operator / admin
        String[][] table = {
                {"GET", "/tests", "-", "y", "y", "y"},
                {"GET", "/tests/{own}", "-", "n", "y", "y"},
                {"GET", "/tests/{own}/runs", "-", "n", "y", "y"},
                {"GET", "/tests/{own}/runs/{own}-run-1", "-", "n", "y", "y"},
                {"GET", "/tests/{own}/runs/{own}-run-1/report", "-", "n", "y", "y"},
                {"GET", "/tests/{own}/runs/{own}-run-1/timeline", "-", "n", "y", "y"},
                {"GET", "/compare?run={own}/{own}-run-1&run={own}/{own}-run-1x", "-", "n", "y", "y"},
                {"GET", "/tests/{own}/stream", "-", "n", "y", "y"},
                {"GET", "/destination-types", "-", "y", "y", "y"},
                {"POST", "/create-test", "-", "n", "y", "y"},
                {"POST", "/start-test", "-", "n", "y", "y"},
                {"POST", "/schedule-test", "-", "n", "y", "y"},
                {"POST", "/cancel-test", "-", "n", "y", "y"},
                {"POST", "/restart-test", "-", "n", "y", "y"},
                {"PATCH", "/tests/{own}/rates", "-", "n", "y", "y"},
                {"DELETE", "/tests/no-such-test-to-delete", "-", "n", "y", "y"},
                {"GET", "/admin/tokens", "-", "n", "n", "y"},
                {"POST", "/admin/tokens", "-", "n", "n", "y"},
                {"DELETE", "/admin/tokens/no-such-token", "-", "n", "n", "y"},
                {"GET", "/actuator/info", "-", "y", "y", "y"},
                {"GET", "/actuator/health", "y", "y", "y", "y"},
                {"GET", "/actuator/health/readiness", "y", "y", "y", "y"},
                {"GET", "/actuator/prometheus", "y", "y", "y", "y"},
                {"GET", "/v3/api-docs", "y", "y", "y", "y"}};
        String[] callers = {"anonymous", "viewer", "operator", "admin"};
        for (String[] row : table) {
            for (int i = 0; i < callers.length; i++) {
                cases.add(Arguments.of(row[0], row[1], callers[i], row[2 + i]));
            }
        }
        return cases.stream();
    }

    /**
     * "y": the role gets past authorization (the request itself may still be refused on its merits, with a
     * 400 or 404); "n": 403; "-": 401. The viewer's own tests are none, so its reads of alice's test are 404.
     */
    @ParameterizedTest(name = "{0} {1} as {2}: {3}")
    @MethodSource("matrix")
    void everyRoleAgainstEveryEndpoint(String method, String path, String who, String expected) {
        String resolved = path.replace("{own}", aliceTest);
        Map<String, Object> body = switch (path) {
            case "/admin/tokens" -> Map.of("name", "m", "owner", "m", "roles", List.of("viewer"));
            case "/tests/{own}/rates" -> Map.of("logRate", 2);
            case "/schedule-test" -> Map.of("testID", aliceTest, "schedule", Instant.now().plusSeconds(3600).toString());
            case "/create-test", "/start-test" -> Scenario.to("m", Map.of("endpoint", "http://127.0.0.1:9")).with("logRate", 1)
                    .with("userID", null).definition();
            default -> Map.of("testID", aliceTest);
        };
        Stored before = stored();
        Api.Response response;
        if (path.endsWith("/stream")) {
            // a stream stays open while the test waits for a run: only its answer's head matters here
            try (EventStream stream = as(who).stream(resolved)) {
                response = new Api.Response(stream.status(), Map.of(), stream.status() == 200 ? "" : stream.errorBody());
            }
        } else {
            response = switch (method) {
                case "GET" -> as(who).get(resolved);
                case "DELETE" -> as(who).delete(resolved);
                default -> as(who).send(method, resolved, body);
            };
        }

        switch (expected) {
            case "-" -> {
                assertThat(response.status()).as(response.toString()).isEqualTo(401);
                assertThat(response.code()).isEqualTo("unauthenticated");
            }
            case "n" -> assertThat(response.status()).as(response.toString())
                    .isEqualTo(who.equals("viewer") && path.contains("{own}") && method.equals("GET") ? 404 : 403);
            default -> assertThat(response.status()).as(response.toString()).isNotIn(401, 403);
        }
        if (!expected.equals("y")) {
            assertThat(stored()).as("a refused request changes nothing stored").isEqualTo(before);
        }
        if (response.status() == 200 && path.equals("/start-test")) {
            as("admin").post("/cancel-test", Map.of("testID", response.json().path("testID").asString()));
        }
        if (path.equals("/schedule-test") && response.status() == 200) {
            as("admin").post("/cancel-test", Map.of("testID", aliceTest));
        }
    }

    /** What a refused request could have changed: alice's test as stored, and how many tests, runs and tokens there are. */
    private Stored stored() {
        return new Stored(String.valueOf(mongo.getCollection("tests").find(new org.bson.Document("_id", aliceTest)).first()),
                mongo.getCollection("tests").countDocuments(), mongo.getCollection("test_runs").countDocuments(),
                mongo.getCollection("api_tokens").countDocuments());
    }

    record Stored(String aliceTest, long tests, long runs, long tokens) {
    }

    @Test
    void anotherUsersTestIsNotFoundAndNotListed() {
        Api bobs = Api.withToken(port, bob);
        assertThat(bobs.get("/tests/" + aliceTest).status()).isEqualTo(404);
        assertThat(bobs.get("/tests/" + aliceTest + "/runs").status()).isEqualTo(404);
        assertThat(bobs.get("/tests/" + aliceTest + "/runs/" + aliceTest + "-run-1/report").status()).isEqualTo(404);
        assertThat(bobs.get("/compare?run=" + aliceTest + "/" + aliceTest + "-run-1&run=" + aliceTest + "/" + aliceTest
                + "-run-1x&format=json").status()).as("a comparison of another user's runs").isEqualTo(404);
        try (EventStream stream = bobs.stream("/tests/" + aliceTest + "/stream")) {
            assertThat(stream.status()).isEqualTo(404);
        }
        assertThat(bobs.post("/cancel-test", Map.of("testID", aliceTest)).status()).isEqualTo(404);
        assertThat(bobs.post("/restart-test", Map.of("testID", aliceTest)).status()).isEqualTo(404);
        assertThat(bobs.post("/start-test", Map.of("testID", aliceTest)).status()).isEqualTo(404);
        assertThat(bobs.post("/schedule-test", Map.of("testID", aliceTest, "schedule", Instant.now().plusSeconds(60).toString()))
                .status()).isEqualTo(404);
        assertThat(bobs.patch("/tests/" + aliceTest + "/rates", Map.of("logRate", 5)).status()).isEqualTo(404);
        assertThat(bobs.get("/tests?size=500").json().findValuesAsString("testID")).doesNotContain(aliceTest);
        assertThat(bobs.get("/tests?userID=alice").json().size()).isZero();
        assertThat(Api.withToken(port, alice).get("/tests?size=500").json().findValuesAsString("testID")).contains(aliceTest);
        assertThat(new Api(port).get("/tests?userID=alice&size=500").json().findValuesAsString("testID")).contains(aliceTest);
    }

    @Test
    void theUserIsTheTokensOwner() {
        Api alices = Api.withToken(port, alice);
        Api.Response created = alices.post("/create-test", Scenario.to("owned", Map.of("endpoint", "http://127.0.0.1:9"))
                .with("logRate", 1).with("userID", null).definition());
        assertThat(created.json().path("userID").asString()).isEqualTo("alice");
        Api.Response impersonating = alices.post("/create-test", Scenario.to("imp", Map.of("endpoint", "http://127.0.0.1:9"))
                .with("logRate", 1).with("userID", "bob").definition());
        assertThat(impersonating.status()).isEqualTo(400);
        assertThat(impersonating.code()).isEqualTo("not-your-user");
        Api.Response byAdmin = new Api(port).post("/create-test", Scenario.to("for-bob", Map.of("endpoint", "http://127.0.0.1:9"))
                .with("logRate", 1).with("userID", "bob").definition());
        assertThat(byAdmin.json().path("userID").asString()).isEqualTo("bob");
        assertThat(Api.withToken(port, bob).get("/tests/" + byAdmin.json().path("testID").asString()).status()).isEqualTo(200);
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        String value = token("short-lived", "carol", "operator");
        Api carol = Api.withToken(port, value);
        assertThat(carol.get("/tests").status()).isEqualTo(200);
        assertThat(Api.anonymous(port).withHeader("X-API-Key", value).get("/tests").status()).isEqualTo(200);
        String id = new Api(port).get("/admin/tokens").json().findParents("name").stream()
                .filter(t -> t.path("name").asString().equals("short-lived")).findFirst().orElseThrow().path("id").asString();

        assertThat(new Api(port).delete("/admin/tokens/" + id).status()).isEqualTo(204);

        Api.Response refused = carol.get("/tests");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("invalid-token");
        assertThat(new Api(port).delete("/admin/tokens/" + id).status()).isEqualTo(404);
        assertThat(new Api(port).get("/admin/tokens").body()).doesNotContain(value);
    }

    @Test
    void unknownTokensAndMalformedHeadersAreRefused() {
        assertThat(Api.withToken(port, "mfx_not-a-token").get("/tests").status()).isEqualTo(401);
        assertThat(Api.anonymous(port).withHeader("X-API-Key", "whatever").get("/tests").status()).isEqualTo(401);
        assertThat(Api.anonymous(port).withHeader("Authorization", "Basic YWRtaW46YWRtaW4=").get("/tests").status()).isEqualTo(401);
    }

    @Test
    void redirectsAreNeverFollowed() {
        try (HttpSink target = new HttpSink(); HttpSink redirecting = new HttpSink().answering(request ->
                new HttpSink.Answer(302, null, null))) {
            redirecting.answering(request -> new HttpSink.Answer(307, "text/plain", ("see " + target.url()).getBytes()));
            Scenario scenario = Scenario.to("redirect", Map.of("endpoint", redirecting.url(), "headers",
                    Map.of("X-Probe", "1"))).with("logRate", 5).with("duration", 1);
            JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(15));

            assertThat(target.count()).isZero();
            assertThat(Runs.results(done, "logs").path("failed").asLong()).isEqualTo(5);
            assertThat(Runs.results(done, "logs").path("statusCodes").path("307").asLong()).isEqualTo(5);
        }
    }

    @Test
    void theApiKeyAndHeaderValuesAreNeitherStoredInClearNorLoggedNorReturned(CapturedOutput output) {
        String secret = "s3cr3t-" + System.nanoTime();
        String headerSecret = "h3ad3r-" + System.nanoTime();
        try (HttpSink sink = new HttpSink()) {
            Scenario scenario = Scenario.to("secret", Map.of("endpoint", sink.url(), "apiKey", secret,
                    "headers", Map.of("X-Scope-Token", headerSecret))).with("logRate", 5).with("duration", 1);
            JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(15));
            assertThat(sink.received()).allSatisfy(request -> {
                assertThat(request.header("Authorization")).isEqualTo("Bearer " + secret);
                assertThat(request.header("X-Scope-Token")).isEqualTo(headerSecret);
            });

            for (String collection : List.of("tests", "test_runs", "run_parts")) {
                mongo.getCollection(collection).find().map(Document::toJson)
                        .forEach(json -> assertThat(json).doesNotContain(secret).doesNotContain(headerSecret));
            }
            assertThat(done.toString()).doesNotContain(headerSecret);
            assertThat(output.getAll()).doesNotContain(headerSecret);
            assertThat(mongo.getCollection("tests").find(new Document("_id", scenario.testID())).first().toJson())
                    .contains("enc:v1:");
            assertThat(done.toString()).doesNotContain(secret);
            assertThat(new Api(port).get("/tests/" + scenario.testID() + "/runs").body()).doesNotContain(secret);
            assertThat(new Api(port).get("/actuator/prometheus").body()).doesNotContain(secret);
            assertThat(output.getAll()).doesNotContain(secret);
        }
    }

    @Test
    void everyChangeLeavesAnAuditLine(CapturedOutput output) {
        String testID = "audited-" + System.nanoTime();
        Api.withToken(port, alice).post("/create-test", Scenario.to("a", Map.of("endpoint", "http://127.0.0.1:9"))
                .with("testID", testID).with("logRate", 1).with("userID", null).definition());
        Api.withToken(port, bob).post("/cancel-test", Map.of("testID", testID));

        // each line is written once the answer went out
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getAll())
                .containsPattern("\\{\"audit\":\"moniflux\",\"at\":\"[^\"]+\",\"who\":\"alice\",\"method\":\"POST\","
                        + "\"path\":\"/create-test\",\"testID\":\"" + testID + "\",\"status\":201,\"outcome\":\"success\"}"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getAll()).contains("\"who\":\"bob\",\"method\":\"POST\",\"path\":\"/cancel-test\",\"testID\":\"" + testID
                + "\",\"status\":404,\"outcome\":\"refused\""));
    }

    @Test
    void theConfiguredFrontendMayCallFromABrowser() {
        Api.Response preflight = Api.anonymous(port).withHeader("Origin", "https://frontend.example")
                .withHeader("Access-Control-Request-Method", "POST").withHeader("Access-Control-Request-Headers", "authorization,content-type")
                .send("OPTIONS", "/start-test", "");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://frontend.example");
        Api.Response other = Api.anonymous(port).withHeader("Origin", "https://evil.example")
                .withHeader("Access-Control-Request-Method", "POST").send("OPTIONS", "/start-test", "");
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void swaggerUiOffersTheTokenSchemes() {
        JsonNode docs = Api.anonymous(port).get("/v3/api-docs").json();
        assertThat(docs.path("components").path("securitySchemes").has("bearer")).isTrue();
        assertThat(docs.path("components").path("securitySchemes").path("apiKey").path("name").asString()).isEqualTo("X-API-Key");
        assertThat(Api.anonymous(port).get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() {
        String huge = "{\"testID\":\"big\",\"padding\":\"" + "x".repeat(300 * 1024) + "\"}";
        Api.Response response = new Api(port).send("POST", "/create-test", huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.code()).isEqualTo("payload-too-large");
    }
}
