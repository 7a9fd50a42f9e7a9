package io.moniflux.watch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.webjars.WebJarVersionLocator;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import io.moniflux.delivery.DeliveryCatalog;
import io.moniflux.delivery.Protocol;
import io.moniflux.loadtest.RunSnapshot;
import io.moniflux.loadtest.RunSnapshots;
import io.moniflux.loadtest.TestQueries;
import io.moniflux.loadtest.TestRun;
import io.moniflux.loadtest.TestSpec;
import io.moniflux.results.Latency;
import io.moniflux.results.Replay;
import io.moniflux.results.SignalResults;
import io.moniflux.results.TimelinePoint;
import io.moniflux.results.Verification;
import io.moniflux.telemetry.Signal;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds run reports and renders them: a self-contained HTML page (its charts' library and data are
 * inlined, so it can be mailed or archived as one file), and the timeline as CSV.
 */
@Component
public class RunReports {

    /** A row per second and signal; then a row per second and watched series, whose signal is {@code observed}. */
    static final String CSV_HEADER = "second,signal,targetRate,attempted,sent,failed,missed,generatorMissed,p50Ms,p99Ms,cpuCores,"
            + "series,value,unit";

    private final TestQueries queries;
    private final RunSnapshots snapshots;
    private final JsonMapper json;
    private final Clock clock;
    private final DeliveryCatalog catalog;
    private final Template page;
    private final String chartScript;
    private final String chartStyle;
    private final String chartsModule;

    RunReports(TestQueries queries, RunSnapshots snapshots, JsonMapper json, Clock clock, DeliveryCatalog catalog) {
        this.catalog = catalog;
        this.queries = queries;
        this.snapshots = snapshots;
        this.json = json;
        this.clock = clock;
        this.page = Mustache.compiler().defaultValue("").compile(resource("/io/moniflux/watch/run-report.html.mustache"));
        WebJarVersionLocator webjars = new WebJarVersionLocator();
        this.chartScript = text(resource("/" + webjars.fullPath("uplot", "dist/uPlot.iife.min.js")));
        this.chartStyle = text(resource("/" + webjars.fullPath("uplot", "dist/uPlot.min.css")));
        this.chartsModule = text(resource("/static/app/charts.js"));
    }

    String chartScript() {
        return chartScript;
    }

    String chartStyle() {
        return chartStyle;
    }

    /** The report of a run of a test; running runs get one too, with what happened so far. */
    public RunReport report(String testID, String runID) {
        return report(queries.run(testID, runID));
    }

    /** The report of a run already read. */
    RunReport report(TestRun run) {
        RunSnapshot snapshot = snapshots.of(run);
        TestSpec spec = run.spec();
        List<TimelinePoint> timeline = queries.timeline(run.testID(), run.runID());
        Map<String, RunReport.SignalSummary> signals = new TreeMap<>();
        snapshot.signals().forEach((signal, s) -> signals.put(signal, summary(signal, s)));
        // the report says which batch size applied, the type's default included (an empty row said nothing)
        Integer batchSize = spec.batchSize() != null ? spec.batchSize()
                : catalog.find(spec.destination().type()).map(Protocol::defaultBatchSize).orElse(null);
        RunReport.Definition definition = new RunReport.Definition(spec.logRate(), spec.logSize(), spec.metricsRate(),
                spec.traceRate(), spec.duration(), spec.workers(), batchSize, spec.batchSize() == null, spec.destination().type(),
                spec.destination().endpoint());
        List<ObservedSeries> observed = ObservedSeries.of(timeline);
        return new RunReport(run.testID(), run.runID(), run.number(), run.status(), run.startedAt(), run.endedAt(),
                run.endReason() == null ? null : run.endReason().describe(), snapshot.elapsed(), definition, signals,
                timeline.stream().map(point -> point.observed().isEmpty() ? point : point.withObserved(null)).toList(),
                snapshot.results().thresholds().isEmpty() ? null : snapshot.results().thresholds(), snapshot.results().capacity(),
                run.verification(), snapshot.bottleneck(), snapshot.replays().isEmpty() ? null : snapshot.replays(),
                observed.isEmpty() ? null : observed,
                snapshot.results().observation().isEmpty() ? null : snapshot.results().observation(), clock.instant());
    }

    private static RunReport.SignalSummary summary(String signal, RunSnapshot.SignalSnapshot s) {
        SignalResults r = s.results();
        long due = r.attempted() + r.missed();
        return new RunReport.SignalSummary(s.targetRate(), s.achievedRate(), r.attempted(), r.sent(),
                Signal.METRICS.key().equals(signal) ? r.samples() : null, r.failed(), r.missed(),
                Map.of("destination", r.destinationMissed(), "generator", r.generatorMissed()),
                r.bytes(), r.requests(), due == 0 ? 0 : Math.round(r.sent() * 1_000_000.0 / due) / 1_000_000.0, r.latency(),
                r.serviceTime(), r.statusCodes(), r.errors());
    }

    /** The timeline, a row per second and signal, latency in milliseconds. */
    public String csv(RunReport report) {
        StringBuilder csv = new StringBuilder(64 * (report.timeline().size() + 1)).append(CSV_HEADER).append('\n');
        for (TimelinePoint p : report.timeline()) {
            csv.append(p.second()).append(',').append(p.signal()).append(',').append(number(p.targetRate())).append(',')
                    .append(p.attempted()).append(',').append(p.sent()).append(',').append(p.failed()).append(',')
                    .append(p.missed()).append(',').append(p.generatorMissed()).append(',').append(number(p.p50())).append(',')
                    .append(number(p.p99())).append(',').append(p.cpu() == null ? "" : number(p.cpu())).append(",,,\n");
        }
        if (report.observed() != null) {
            record Row(long second, ObservedSeries series, double value) {
            }
            List<Row> rows = new ArrayList<>();
            report.observed().forEach(series -> series.points().forEach(point -> rows.add(new Row((long) point[0], series, point[1]))));
            rows.sort(Comparator.comparingLong(Row::second)); // stable: the series keep their order within a second
            for (Row row : rows) {
                csv.append(row.second()).append(",observed,,,,,,,,,,").append(quoted(row.series().series())).append(',')
                        .append(number(row.value())).append(',').append(row.series().unit().name()).append('\n');
            }
        }
        return csv.toString();
    }

    /** The report as one HTML page with its charts' library and data inlined. */
    public String html(RunReport report) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("report", report);
        model.put("title", "MoniFlux run " + report.number() + " of " + report.testID());
        model.put("running", report.endedAt() == null);
        model.put("elapsed", number(report.elapsed()));
        model.put("definition", Map.of("logRate", number(report.definition().logRate()),
                "metricsRate", number(report.definition().metricsRate()),
                "traceRate", number(report.definition().traceRate())));
        model.put("signals", signalRows(report));
        model.put("anyErrors", report.signals().values().stream().anyMatch(s -> !s.errors().isEmpty()));
        model.put("anyStatusCodes", report.signals().values().stream().anyMatch(s -> !s.statusCodes().isEmpty()));
        model.put("thresholds", report.thresholds() == null ? List.of() : report.thresholds().stream().map(t -> Map.of(
                "name", t.threshold(), "verdict", t.passed() ? "passed" : "failed", "passed", t.passed(),
                "worst", t.worst() == null ? "no data" : number(t.worst()),
                "breachedAt", t.breachedAt() == null ? "" : "second " + t.breachedAt(),
                "aborted", t.aborted() ? "aborted the run" : "")).toList());
        model.put("hasReplays", report.replays() != null);
        model.put("replays", report.replays() == null ? List.of() : report.replays().stream().map(Replay::describe).toList());
        model.put("hasThresholds", report.thresholds() != null && !report.thresholds().isEmpty());
        model.put("hasCapacity", report.capacity() != null);
        model.put("hasVerification", report.verification() != null);
        model.put("hasObservation", report.observation() != null);
        model.put("observation", report.observation() == null ? List.of() : report.observation().stream().map(t -> Map.of(
                "name", t.name(), "url", t.url(), "scrapes", t.scrapes(), "failures", t.failures(),
                "lastError", t.lastError() == null ? "" : t.lastError(), "series", t.series() + (t.seriesDropped() > 0
                        ? " (" + t.seriesDropped() + " more matched, over the cap)" : ""))).toList());
        model.put("capacity", report.capacity());
        model.put("capacitySteps", report.capacity() == null ? List.of() : report.capacity().steps().stream().map(step -> Map.of(
                "step", step.step(), "rate", number(step.rate()), "seconds", step.fromSecond() + "–" + step.toSecond(),
                "verdict", step.passed() ? "held" : "broke", "passed", step.passed(), "achieved", number(step.achievedRate()),
                "errorRate", String.format(Locale.ROOT, "%.2f %%", step.errorRate() * 100),
                "missedRate", String.format(Locale.ROOT, "%.2f %%", step.missedRate() * 100),
                "p99", step.p99() == null ? "" : number(step.p99()),
                "breached", step.breached() == null ? "" : String.join("; ", step.breached()))).toList());
        model.put("verification", report.verification());
        model.put("verifiedSignals", report.verification() == null || report.verification().signals() == null ? List.of()
                : report.verification().signals().entrySet().stream().map(e -> Map.of("signal", e.getKey(),
                        "sent", e.getValue().sent(), "verified", e.getValue().verified() == null ? "—" : e.getValue().verified(),
                        "lost", e.getValue().lost() == null ? "—" : e.getValue().lost(),
                        "loss", e.getValue().lossRatio() == null ? "—" : String.format(Locale.ROOT, "%.3f %%", e.getValue().lossRatio() * 100),
                        "reason", e.getValue().reason() == null ? "" : e.getValue().reason(),
                        "sequences", sequences(e.getValue().sequences()))).toList());
        model.put("data", scriptSafe(json.writeValueAsString(report)));
        model.put("chartScript", chartScript.replaceAll("(?i)</script", "<\\\\/script"));
        model.put("chartsModule", chartsModule.replaceAll("(?i)</script", "<\\\\/script"));
        model.put("chartStyle", chartStyle.replace("</", "<\\/"));
        return page.execute(model);
    }

    private static List<Map<String, Object>> signalRows(RunReport report) {
        List<Map<String, Object>> rows = new ArrayList<>();
        report.signals().forEach((signal, s) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("signal", signal);
            row.put("s", s);
            row.put("target", number(s.targetRate()));
            row.put("achieved", number(s.achievedRate()));
            row.put("delivered", String.format(Locale.ROOT, "%.2f %%", s.deliveredRatio() * 100));
            row.put("generatorMissed", s.missedBy().get("generator"));
            row.put("bytes", bytes(s.bytes()));
            row.put("samples", s.samples() == null ? "" : s.samples());
            row.put("latency", latencyRow(s.latency()));
            row.put("statusCodes", entries(s.statusCodes()));
            row.put("errors", entries(s.errors()));
            rows.add(row);
        });
        return rows;
    }

    private static Map<String, String> latencyRow(Latency latency) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("p50", number(latency.p50()));
        row.put("p90", number(latency.p90()));
        row.put("p99", number(latency.p99()));
        row.put("max", number(latency.max()));
        return row;
    }

    private static List<Map<String, Object>> entries(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> Map.<String, Object>of("key", e.getKey(), "count", e.getValue())).toList();
    }

    /** Text that can sit inside a script element: nothing in it can close the element or open a comment. */
    /** {@code 10 absent (0 of them failed or missed), first 100–109 of part 0; 5 held twice}, or empty. */
    private static String sequences(Verification.Sequences sequences) {
        if (sequences == null) {
            return "";
        }
        StringBuilder text = new StringBuilder().append(sequences.absent()).append(" absent (").append(sequences.failedOrMissed())
                .append(" of them failed or missed)");
        if (!sequences.firstGaps().isEmpty()) {
            text.append(", first: ").append(sequences.firstGaps().stream().limit(5)
                    .map(gap -> gap.from() + (gap.to() == gap.from() ? "" : "–" + gap.to()) + " of part " + gap.part())
                    .collect(Collectors.joining(", ")));
        }
        return text.append("; ").append(sequences.duplicates()).append(" held twice").toString();
    }

    /** A CSV field in double quotes (RFC 4180): a series holds commas and quotes. */
    private static String quoted(String field) {
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    static String scriptSafe(String text) {
        return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "");
    }

    private static String bytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static Reader resource(String path) {
        InputStream in = RunReports.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " is missing from the classpath");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private static String text(Reader reader) {
        try (reader) {
            return reader.readAllAsString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
