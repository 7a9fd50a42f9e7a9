package io.moniflux.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.Scenario;

/**
 * The destination guard as the container image configures it (loopback off, a deny list): every
 * refusal is checked at create time, so no run is ever aimed anywhere. The caps are {@link CapsTest}'s.
 */
@FullStackTest(properties = {"moniflux.security.destinations.allow-loopback=false",
        "moniflux.security.destinations.deny=192.0.2.0/24,*.forbidden.test"})
class DestinationGuardRefusalTest {

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
        // a watched metrics endpoint is a destination like any other
        Api.Response watched = new Api(port).post("/create-test", Scenario.to("guard", Map.of("endpoint", "http://203.0.113.7:4318"))
                .with("logRate", 1).with("observe", List.of(Map.of("url", "http://169.254.169.254:8888/metrics", "preset", "otelcol")))
                .definition());
        assertThat(watched.status()).isEqualTo(400);
        assertThat(watched.code()).isEqualTo("invalid-observe");
        assertThat(watched.json().path("detail").asString()).contains("is refused").contains("cloud metadata");
        assertThat(tests()).isEqualTo(before);
    }

    private List<String> tests() {
        return mongo.getCollection("tests").find().map(Document::toJson).into(new ArrayList<>());
    }
}
