package io.moniflux.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Scenario;

/**
 * The destination guard as the container image configures it (loopback off, a deny list), and the
 * caps on running tests and aggregate rate.
 */
@FullStackTest(properties = {"moniflux.security.destinations.allow-loopback=false",
        "moniflux.security.destinations.deny=192.0.2.0/24,*.forbidden.test",
        "moniflux.limits.max-user-tests=1", "moniflux.limits.max-user-rate=100", "moniflux.limits.max-total-rate=150",
        "moniflux.limits.max-running-tests=2"})
class GuardAndCapsTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Test
    void refusedDestinationsAreA400NamingTheRule() {
        Map<String, String> refused = Map.of(
                "http://127.0.0.1:9", "loopback",
                "http://localhost:9", "loopback",
                "http://[::1]:9", "loopback",
                "http://169.254.169.254/latest/meta-data", "cloud metadata",
                "http://169.254.3.4", "link-local",
                "http://192.0.2.10:4318", "deny 192.0.2.0/24",
                "http://0.0.0.0:80", "unspecified");
        List<String> before = tests();
        refused.forEach((endpoint, rule) -> {
            Api.Response response = new Api(port).post("/create-test", Scenario.to("guard", Map.of("endpoint", endpoint))
                    .with("logRate", 1).definition());
            assertThat(response.status()).as(endpoint).isEqualTo(400);
            assertThat(response.code()).isEqualTo("invalid-destination");
            assertThat(response.json().path("detail").asString()).as(endpoint).contains("is refused").contains(rule);
        });
        Api.Response pattern = new Api(port).post("/start-test", Scenario.to("guard",
                Map.of("type", "otlp-grpc", "endpoint", "127.0.0.1", "port", 4317)).with("traceRate", 1).definition());
        assertThat(pattern.status()).isEqualTo(400);
        // message buses: every bootstrap broker is checked, not only the first; nothing is started
        Map<Map<String, Object>, String> buses = Map.of(
                Map.of("type", "kafka", "endpoint", "203.0.113.5:9092,192.0.2.10:9092"), "deny 192.0.2.0/24",
                Map.of("type", "kafka", "endpoint", "127.0.0.1:9092"), "loopback",
                Map.of("type", "nats", "endpoint", "nats://169.254.169.254:4222"), "cloud metadata");
        buses.forEach((destination, rule) -> {
            Api.Response response = new Api(port).post("/create-test", Scenario.to("guard", destination).with("logRate", 1).definition());
            assertThat(response.status()).as(destination.toString()).isEqualTo(400);
            assertThat(response.json().path("detail").asString()).as(destination.toString()).contains("is refused").contains(rule);
        });
        assertThat(tests()).isEqualTo(before);
    }

    @Test
    void capsRefuseWhatWouldGoOverThemAndSayWhichCap() {
        try (HttpSink sink = new HttpSink()) {
            // loopback is refused here, so these tests aim at a documentation address nothing answers on
            Map<String, Object> nowhere = Map.of("endpoint", "http://198.51.100.1:9");
            Api admin = new Api(port);
            Api.Response first = admin.post("/start-test", Scenario.to("cap", nowhere).with("userID", "ann").with("logRate", 60)
                    .with("duration", 60).definition());
            assertThat(first.status()).as(first.toString()).isEqualTo(200);

            Api.Response second = admin.post("/start-test", Scenario.to("cap", nowhere).with("userID", "ann").with("logRate", 1)
                    .with("duration", 60).definition());
            assertThat(second.status()).isEqualTo(400);
            assertThat(second.code()).isEqualTo("cap-exceeded");
            assertThat(second.json().path("detail").asString()).contains("the cap is 1 running tests per user");

            Api.Response tooFast = admin.post("/start-test", Scenario.to("cap", nowhere).with("userID", "ben").with("logRate", 101)
                    .with("duration", 60).definition());
            assertThat(tooFast.code()).isEqualTo("cap-exceeded");
            assertThat(tooFast.json().path("detail").asString()).contains("the cap is 100.0 events/s per user");

            Api.Response overAll = admin.post("/start-test", Scenario.to("cap", nowhere).with("userID", "ben").with("logRate", 95)
                    .with("duration", 60).definition());
            assertThat(overAll.code()).isEqualTo("cap-exceeded");
            assertThat(overAll.json().path("detail").asString()).contains("the cap is 150.0 events/s in all");

            Api.Response fits = admin.post("/start-test", Scenario.to("cap", nowhere).with("userID", "ben").with("logRate", 80)
                    .with("duration", 60).definition());
            assertThat(fits.status()).as(fits.toString()).isEqualTo(200);

            Api.Response third = admin.post("/start-test", Scenario.to("cap", nowhere).with("userID", "cy").with("logRate", 1)
                    .with("duration", 60).definition());
            assertThat(third.json().path("detail").asString()).contains("the cap is 2 running tests in all");

            Api.Response faster = admin.patch("/tests/" + first.json().path("testID").asString() + "/rates", Map.of("logRate", 150));
            assertThat(faster.code()).isEqualTo("cap-exceeded");

            admin.post("/cancel-test", Map.of("testID", first.json().path("testID").asString()));
            admin.post("/cancel-test", Map.of("testID", fits.json().path("testID").asString()));
        }
    }

    @Test
    void startsRacingEachOtherCannotTogetherGoOverACap() throws Exception {
        Map<String, Object> nowhere = Map.of("endpoint", "http://198.51.100.1:9");
        Api admin = new Api(port);
        List<Callable<Api.Response>> starts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Map<String, Object> definition = Scenario.to("race", nowhere).with("userID", "dee").with("logRate", 1)
                    .with("duration", 60).definition();
            starts.add(() -> admin.post("/start-test", definition));
        }
        List<Api.Response> responses = new ArrayList<>();
        try (var threads = Executors.newFixedThreadPool(16)) {
            for (var future : threads.invokeAll(starts)) {
                responses.add(future.get());
            }
        }
        List<Api.Response> started = responses.stream().filter(response -> response.status() == 200).toList();
        assertThat(started).as("one running test per user, however the starts interleave").hasSize(1);
        assertThat(responses).filteredOn(response -> response.status() != 200)
                .allSatisfy(refused -> assertThat(refused.code()).isEqualTo("cap-exceeded"));
        admin.post("/cancel-test", Map.of("testID", started.getFirst().json().path("testID").asString()));
    }

    private List<String> tests() {
        return mongo.getCollection("tests").find().map(Document::toJson).into(new ArrayList<>());
    }
}
