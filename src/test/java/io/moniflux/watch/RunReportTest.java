package io.moniflux.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Runs;
import io.moniflux.support.Scenario;
import tools.jackson.databind.JsonNode;

/** GET /tests/{testID}/runs/{runID}/report as HTML, JSON and CSV, against a run that half failed. */
@FullStackTest
class RunReportTest {

    /** Refuses every other request, so that the report has failures, two status codes and an error. */
    static final HttpSink receiver = new HttpSink().answering(new Function<>() {
        private final AtomicLong calls = new AtomicLong();

        @Override
        public HttpSink.Answer apply(HttpSink.Received received) {
            return new HttpSink.Answer(calls.incrementAndGet() % 2 == 0 ? 503 : 200, "text/plain", new byte[0]);
        }
    });

    static Scenario test;
    static JsonNode results;
    static Api api;

    @LocalServerPort
    int port;

    @BeforeAll
    static void runOnce(@Value("${local.server.port}") int port) {
        api = new Api(port);
        test = Scenario.to("report", Map.of("endpoint", receiver.url() + "/ingest/a&b='c'")).with("duration", 3)
                .with("logRate", 20).with("metricsRate", 10);
        results = test.run(api, Duration.ofSeconds(20));
    }

    @AfterAll
    static void closeReceiver() {
        receiver.close();
    }

    private String path(String query) {
        return "/tests/" + test.testID() + "/runs/" + test.runID() + "/report" + query;
    }

    @Test
    void htmlIsOnePageWithTheSummaryStatusCodesErrorsAndItsChartsInlined() {
        Api.Response response = api.withHeader("Accept", "text/html").get(path(""));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/html");
        assertThat(response.header("Content-Security-Policy")).contains("default-src 'none'");
        Document page = Jsoup.parse(response.body());
        assertThat(page.title()).isEqualTo("MoniFlux run 1 of " + test.testID());
        assertThat(page.select("script[src], link[href], img[src]")).as("nothing is loaded from elsewhere").isEmpty();
        assertThat(page.select("script").stream().map(Element::data)).anyMatch(js -> js.contains("uPlot"));
        assertThat(page.getElementById("run-status").text()).isEqualTo("Completed");

        for (String signal : List.of("logs", "metrics")) {
            JsonNode expected = Runs.results(results, signal);
            Element row = page.selectFirst("#summary tr[data-signal=" + signal + "]");
            List<String> cells = row.select("td").stream().map(Element::text).toList(); // eachText() skips empty cells
            assertThat(cells.get(4)).as(signal + " sent").isEqualTo(expected.path("sent").asString());
            assertThat(cells.get(5)).as(signal + " samples, of metrics only")
                    .isEqualTo(signal.equals("metrics") ? expected.path("samples").asString() : "");
            assertThat(cells.get(6)).as(signal + " failed").isEqualTo(expected.path("failed").asString());
            assertThat(expected.path("failed").asLong()).isPositive();
        }
        assertThat(page.select("#status-codes td").eachText()).contains("200", "503");
        assertThat(page.select("#errors td").eachText()).anyMatch(text -> text.contains("503"));
        // the endpoint, as typed, is text on the page: escaped in the markup, intact once parsed
        assertThat(response.body()).contains("/ingest/a&amp;b").contains("&#39;c&#39;");
        assertThat(page.select("#definition dd").eachText()).anyMatch(text -> text.endsWith("/ingest/a&b='c'"));
        assertThat(page.select("#definition dd").eachText()).as("the batch size that applied, not an empty row")
                .contains("1 (the http default)");

        JsonNode data = Api.parse(page.getElementById("report-data").data());
        assertThat(data.path("runID").asString()).isEqualTo(test.runID());
        assertThat(data.path("timeline").size()).isEqualTo(3 * 2);
    }

    @Test
    void jsonHasTheSameNumbersAndTheTimeline() {
        for (Api.Response response : List.of(api.get(path("?format=json")),
                api.withHeader("Accept", "application/json").get(path("")))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            JsonNode report = response.json();
            assertThat(report.path("status").asString()).isEqualTo("Completed");
            assertThat(report.path("definition").path("logRate").asDouble()).isEqualTo(20.0);
            JsonNode logs = report.path("signals").path("logs");
            assertThat(logs.path("sent").asLong()).isEqualTo(Runs.results(results, "logs").path("sent").asLong());
            assertThat(logs.path("statusCodes").path("503").asLong()).isPositive();
            assertThat(logs.path("deliveredRatio").asDouble()).isBetween(0.3, 0.7);
            long sentInTimeline = 0;
            for (JsonNode point : report.path("timeline")) {
                if (point.path("signal").asString().equals("logs")) {
                    sentInTimeline += point.path("sent").asLong();
                }
            }
            assertThat(sentInTimeline).isEqualTo(logs.path("sent").asLong());
        }
    }

    @Test
    void csvHasARowPerSecondAndSignalThatAddUpToTheResults() {
        Api.Response response = api.get(path("?format=csv"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/csv");
        assertThat(response.header("Content-Disposition")).contains(test.runID() + "-timeline.csv");
        List<String> lines = response.body().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("second,signal,targetRate,attempted,sent,failed,missed,generatorMissed,p50Ms,p99Ms,cpuCores,"
                + "series,value,unit");
        assertThat(lines).hasSize(1 + 3 * 2);
        long sent = lines.stream().skip(1).map(line -> line.split(",")).filter(cells -> cells[1].equals("metrics"))
                .mapToLong(cells -> Long.parseLong(cells[4])).sum();
        assertThat(sent).isEqualTo(Runs.results(results, "metrics").path("sent").asLong());
        assertThat(lines.stream().skip(1).map(line -> line.split(",")[0]).distinct()).containsExactly("0", "1", "2");
        assertThat(lines.stream().skip(1).allMatch(line -> line.split(",", -1).length == 14)).isTrue();
    }

    @Test
    void refusesAnUnknownFormatAndAnUnknownRun() {
        Api.Response xml = api.get(path("?format=xml"));
        assertThat(xml.status()).isEqualTo(400);
        assertThat(xml.code()).isEqualTo("invalid-format");
        assertThat(api.get("/tests/" + test.testID() + "/runs/nope/report").status()).isEqualTo(404);
        assertThat(api.get("/tests/nope/runs/" + test.runID() + "/report").status()).isEqualTo(404);
        assertThat(Api.anonymous(port).get(path("")).status()).isEqualTo(401);
    }
}
