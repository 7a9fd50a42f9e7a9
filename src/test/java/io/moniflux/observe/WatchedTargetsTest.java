package io.moniflux.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.EventStream;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.Runs;
import io.moniflux.support.Scenario;
import io.moniflux.support.receivers.PrometheusServer;
import io.moniflux.support.receivers.VictoriaMetricsServer;
import io.moniflux.support.receivers.ZipkinServer;
import tools.jackson.databind.JsonNode;

/**
 * Watching real pipeline parts while a run loads them: the parser on the real pages of Prometheus,
 * Zipkin, VictoriaMetrics and MoniFlux itself, and a run that sends Prometheus remote write while it
 * watches Prometheus' own metrics.
 */
@FullStackTest
@Tag("receiver")
class WatchedTargetsTest {

    private static PrometheusServer prometheus;

    @LocalServerPort
    int port;

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private static PrometheusServer prometheus() {
        if (prometheus == null) {
            prometheus = new PrometheusServer();
        }
        return prometheus;
    }

    @Test
    void readsTheRealPagesOfPrometheusZipkinVictoriaMetricsAndMoniFluxAndThePresetsFindTheirSeries() throws Exception {
        assertPresetFinds(page(prometheus().url() + "/metrics"), "prometheus", "prometheus_tsdb_head_series",
                "process_cpu_seconds_total");
        try (VictoriaMetricsServer vm = new VictoriaMetricsServer()) {
            assertPresetFinds(vm.metricsPage(), "victoriametrics", "vm_rows_inserted_total", "process_resident_memory_bytes");
        }
        try (ZipkinServer zipkin = new ZipkinServer()) {
            assertPresetFinds(page(zipkin.url() + "/prometheus"), "zipkin", "jvm_memory_used_bytes", "process_cpu_usage");
        }
        List<Exposition.Sample> own = Exposition.parse(page("http://127.0.0.1:" + port + "/actuator/prometheus"));
        assertThat(own).extracting(Exposition.Sample::name).contains("process_cpu_usage", "jvm_memory_used_bytes");
    }

    @Test
    void aRunWatchesPrometheusAndItsObservedAppendRateTracksWhatMoniFluxSent() {
        PrometheusServer prom = prometheus();
        Scenario scenario = Scenario.to("observe-prom", Map.of("type", "prometheus-remote-write", "endpoint", prom.url()))
                .with("metricsRate", 200).with("duration", 8).with("batchSize", 50)
                .with("payload", Map.of("cardinality", 10, "metricKinds", List.of("gauge")))
                .with("observe", List.of(Map.of("url", prom.url() + "/metrics", "preset", "prometheus",
                        "series", List.of("prometheus_http_requests_total{handler=\"/api/v1/write\",code=\"204\"}"))));
        Api api = new Api(port);
        assertThat(api.post("/start-test", scenario.definition()).status()).isEqualTo(200);
        List<JsonNode> framesObserved = new ArrayList<>();
        try (EventStream stream = api.stream("/tests/" + scenario.testID() + "/stream")) {
            for (EventStream.Event event : stream.untilClosed(Duration.ofSeconds(40))) {
                if (event.data().has("observed")) {
                    framesObserved.add(event.data());
                }
            }
        }
        assertThat(framesObserved).as("the live stream carries the observed series of its seconds").isNotEmpty();
        assertThat(framesObserved.getLast().path("observed").toString()).contains("prometheus_tsdb_head_samples_appended_total");
        assertThat(framesObserved.getLast().path("observation").get(0).path("scrapes").asLong())
                .as("the stream says how the scrapes go").isPositive();
        JsonNode done = Runs.awaitEnd(api, scenario.testID(), Duration.ofSeconds(40));
        assertThat(Scenario.sent(done, "metrics")).isEqualTo(1_600);

        JsonNode timeline = api.get("/tests/" + scenario.testID() + "/runs/" + scenario.runID() + "/timeline").json();
        Map<Long, Double> appended = new TreeMap<>();
        Map<Long, Long> sent = new TreeMap<>();
        for (JsonNode point : timeline) {
            sent.merge(point.path("second").asLong(), point.path("sent").asLong(), Long::sum);
            for (JsonNode value : point.path("observed")) {
                if (value.path("series").asString().equals(
                        "prometheus_tsdb_head_samples_appended_total{target=\"prometheus\",type=\"float\"}")) {
                    assertThat(value.path("unit").asString()).isEqualTo("PER_SECOND");
                    appended.put(point.path("second").asLong(), value.path("value").asDouble());
                }
            }
        }
        assertThat(appended.keySet()).as("a rate from the second scrape on, each second").hasSizeGreaterThanOrEqualTo(6);
        double observedTotal = appended.values().stream().mapToDouble(Double::doubleValue).sum();
        // each observed second is the increase since the scrape before, over one second: together they are the
        // samples appended over as many seconds of 200, give or take the batch of 50 that falls either side of
        // a scrape at each end (a fresh Prometheus has the counter only from its first append, so the first
        // rate may come a second later)
        assertThat(observedTotal).as("samples Prometheus appended, as observed: " + appended + ", sent " + sent)
                .isBetween(200.0 * appended.size() - 100, 200.0 * appended.size() + 100);
        List<Double> middle = new ArrayList<>(appended.entrySet().stream().filter(e -> e.getKey() >= 2 && e.getKey() <= 6)
                .map(Map.Entry::getValue).sorted().toList());
        // a batch of 50 falls one side of a scrape or the other: a second shows 150, 200 or 250, and they even out
        assertThat(middle).allSatisfy(rate -> assertThat(rate).isBetween(140.0, 260.0));
        assertThat(middle.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                .as("the mean observed rate of seconds 2 to 6 against the 200/s sent").isBetween(170.0, 230.0);

        JsonNode run = api.get("/tests/" + scenario.testID() + "/runs/" + scenario.runID()).json();
        JsonNode status = run.path("observation").get(0);
        assertThat(status.path("name").asString()).isEqualTo("prometheus");
        assertThat(status.path("scrapes").asLong()).isGreaterThanOrEqualTo(7);
        assertThat(status.path("failures").asLong()).isZero();

        String report = "/tests/" + scenario.testID() + "/runs/" + scenario.runID() + "/report";
        JsonNode json = api.get(report + "?format=json").json();
        JsonNode series = null;
        for (JsonNode one : json.path("observed")) {
            if (one.path("name").asString().equals("prometheus_tsdb_head_samples_appended_total")
                    && one.path("labels").path("type").asString().equals("float")) {
                series = one;
            }
        }
        assertThat(series).as("the JSON report names each series by its Prometheus name and labels").isNotNull();
        assertThat(series.path("labels").path("target").asString()).isEqualTo("prometheus");
        assertThat(series.path("unit").asString()).isEqualTo("PER_SECOND");
        assertThat(series.path("points").size()).isEqualTo(appended.size());
        assertThat(json.path("timeline").get(0).has("observed")).as("the report's timeline leaves them to 'observed'").isFalse();
        assertThat(json.path("observation").get(0).path("scrapes").asLong()).isEqualTo(status.path("scrapes").asLong());
        String csv = api.get(report + "?format=csv").body();
        assertThat(csv.lines().filter(line -> line.matches(
                "\\d+,observed,,,,,,,,,,\"prometheus_tsdb_head_samples_appended_total\\{target=\"\"prometheus\"\",type=\"\"float\"\"\\}\",[0-9.]+,PER_SECOND")))
                .hasSize(appended.size());
        String html = api.get(report).body();
        assertThat(html).contains("Watched endpoints").contains("prometheus_http_requests_total");
    }

    @Test
    void anObservedThresholdAbortsTheRunWhenTheTargetStaysOverItsBound() {
        PrometheusServer prom = prometheus();
        Scenario scenario = Scenario.to("observe-abort", Map.of("type", "prometheus-remote-write", "endpoint", prom.url()))
                .with("metricsRate", 300).with("duration", 30).with("batchSize", 50)
                .with("payload", Map.of("cardinality", 10, "metricKinds", List.of("gauge")))
                .with("observe", List.of(Map.of("name", "prom", "url", prom.url() + "/metrics", "preset", "prometheus")))
                .with("thresholds", List.of(Map.of("metric", "observed", "series",
                        "prometheus_tsdb_head_samples_appended_total{type=\"float\"}", "max", 100, "window", 2, "abortOnFail", true)));
        Api api = new Api(port);
        JsonNode done = scenario.run(api, Duration.ofSeconds(40));

        JsonNode run = api.get("/tests/" + scenario.testID() + "/runs/" + scenario.runID()).json();
        assertThat(run.path("status").asString()).isEqualTo("Failed");
        JsonNode threshold = run.path("thresholds").get(0);
        assertThat(threshold.path("threshold").asString())
                .isEqualTo("observed prometheus_tsdb_head_samples_appended_total{type=\"float\"} <= 100 over 2s");
        assertThat(threshold.path("aborted").asBoolean()).isTrue();
        assertThat(threshold.path("worst").asDouble()).isGreaterThan(200);
        assertThat(done.path("progress").path("elapsed").asDouble()).as("stopped well before its 30 s").isLessThan(10);
    }

    private static void assertPresetFinds(String page, String preset, String... names) throws ExpositionException {
        List<Exposition.Sample> samples = Exposition.parse(page);
        List<SeriesSelector> selectors = Presets.of(preset).orElseThrow().stream().map(SeriesSelector::parse).toList();
        List<String> found = samples.stream().filter(s -> selectors.stream().anyMatch(sel -> sel.matches(s.name(), s.labels())))
                .map(Exposition.Sample::name).distinct().toList();
        assertThat(found).as(preset + " preset on the real page").contains(names);
    }

    private static String page(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(url).isEqualTo(200);
            return response.body();
        }
    }
}
