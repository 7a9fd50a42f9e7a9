package io.moniflux.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Scenario;
import tools.jackson.databind.JsonNode;

/** GET /compare: runs side by side against the first, as JSON and as one HTML page. */
@FullStackTest
class RunComparisonTest {

    @LocalServerPort
    int port;

    @Test
    void twoRunsOfDifferentRatesCompareAgainstTheBaseline() {
        try (HttpSink sink = new HttpSink()) {
            Api api = new Api(port);
            Scenario slow = Scenario.to("compare-a", Map.of("endpoint", sink.url())).with("logRate", 20).with("duration", 2)
                    .with("batchSize", 5);
            Scenario fast = Scenario.to("compare-b", Map.of("endpoint", sink.url())).with("logRate", 40).with("duration", 2)
                    .with("batchSize", 5).with("payload", Map.of("seed", 1));
            slow.run(api, Duration.ofSeconds(30));
            fast.run(api, Duration.ofSeconds(30));
            String query = "/compare?run=" + slow.testID() + "/" + slow.runID() + "&run=" + fast.testID() + "/" + fast.runID();

            JsonNode comparison = api.get(query + "&format=json").json();
            assertThat(comparison.path("runs").findValuesAsString("runID")).containsExactly(slow.runID(), fast.runID());
            assertThat(comparison.path("definition").valueStream().map(d -> d.path("field").asString()))
                    .contains("logRate", "payload.seed").doesNotContain("duration", "destination.endpoint");
            JsonNode logRate = comparison.path("definition").valueStream().filter(d -> d.path("field").asString().equals("logRate"))
                    .findFirst().orElseThrow();
            assertThat(logRate.path("values").valueStream().map(JsonNode::asDouble)).containsExactly(20.0, 40.0);
            JsonNode logs = comparison.path("signals").path("logs");
            assertThat(logs.get(0).path("results").path("sent").asLong()).isEqualTo(40);
            assertThat(logs.get(0).has("vsBaseline")).isFalse();
            assertThat(logs.get(1).path("vsBaseline").path("sent").asLong()).isEqualTo(40);
            assertThat(logs.get(1).path("vsBaseline").path("sentRatio").asDouble()).isEqualTo(2.0);
            JsonNode seconds = comparison.path("timeline").path("logs");
            assertThat(seconds.valueStream().map(s -> s.path("second").asLong())).startsWith(0L, 1L);
            assertThat(seconds.get(0).path("sent").valueStream().map(JsonNode::asLong)).containsExactly(20L, 40L);
            assertThat(comparison.path("verification").size()).isEqualTo(2);

            Api.Response html = api.withHeader("Accept", "text/html").get(query);
            assertThat(html.status()).isEqualTo(200);
            assertThat(html.header("Content-Security-Policy")).startsWith("default-src 'none'");
            Document page = Jsoup.parse(html.body());
            assertThat(page.select("#runs tbody tr")).hasSize(2);
            assertThat(page.select("#signals tr[data-run=B] td").eachText()).contains("80", "×2.000");
            assertThat(page.select("#definition td").eachText()).contains("logRate", "20.0", "40.0");
            assertThat(page.getElementById("comparison-data").data()).contains(fast.runID());
        }
    }

    @Test
    void aComparisonNeedsTwoToTenRunsEachNamedByTestAndRun() {
        Api api = new Api(port);
        for (String query : List.of("/compare", "/compare?run=a/b", "/compare?run=a/b&run=c", "/compare?run=a/b&run=a/b",
                "/compare?run=a/b&run=c/d&format=csv")) {
            Api.Response response = api.get(query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.code()).as(query).isIn("invalid-comparison", "invalid-format");
        }
        assertThat(api.get("/compare?run=no-such-test/r1&run=no-such-test/r2&format=json").status()).isEqualTo(404);
        assertThat(Api.anonymous(port).get("/compare?run=a/b&run=c/d").status()).isEqualTo(401);
    }
}
