package io.moniflux.watch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import io.moniflux.loadtest.TestQueries;
import io.moniflux.loadtest.TestRun;
import io.moniflux.results.ThresholdResult;
import io.moniflux.results.TimelinePoint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares runs, of one test or of several: "same load, new collector build: did it get better?". The
 * first run is the baseline every other is measured against.
 */
@Component
public class RunComparisons {

    public static final int MAX_RUNS = 10;

    private final RunReports reports;
    private final TestQueries queries;
    private final JsonMapper json;
    private final Clock clock;
    private final Template page;

    RunComparisons(RunReports reports, TestQueries queries, JsonMapper json, Clock clock) {
        this.reports = reports;
        this.queries = queries;
        this.json = json;
        this.clock = clock;
        this.page = Mustache.compiler().defaultValue("").compile(RunReports.resource("/io/moniflux/watch/run-comparison.html.mustache"));
    }

    public RunComparison compare(List<RunComparison.Key> keys) {
        List<TestRun> read = keys.stream().map(key -> queries.run(key.testID(), key.runID())).toList();
        List<RunReport> runs = read.stream().map(reports::report).toList();
        List<Map<String, JsonNode>> definitions = read.stream().map(run -> flatten(json.valueToTree(run.spec()))).toList();
        return new RunComparison(runs.stream().map(r -> new RunComparison.Run(r.testID(), r.runID(), r.number(), r.status(),
                r.startedAt(), r.endedAt(), r.elapsed(), r.definition().destinationType(), r.definition().endpoint())).toList(),
                differences(definitions), signals(runs), timelines(runs), observed(runs),
                runs.stream().map(RunReport::thresholds).toList(), runs.stream().map(RunReport::capacity).toList(),
                runs.stream().map(RunReport::verification).toList(), clock.instant());
    }

    /** A definition as its leaves, by dotted path ({@code destination.type}, {@code stages.logs[0].rate}). */
    static Map<String, JsonNode> flatten(JsonNode node) {
        Map<String, JsonNode> leaves = new TreeMap<>();
        flatten("", node, leaves);
        return leaves;
    }

    private static void flatten(String path, JsonNode node, Map<String, JsonNode> leaves) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            node.properties().forEach(entry -> flatten(path.isEmpty() ? entry.getKey() : path + "." + entry.getKey(), entry.getValue(), leaves));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), leaves);
            }
        } else {
            leaves.put(path, node);
        }
    }

    private static List<RunComparison.Difference> differences(List<Map<String, JsonNode>> definitions) {
        TreeSet<String> fields = new TreeSet<>();
        definitions.forEach(definition -> fields.addAll(definition.keySet()));
        List<RunComparison.Difference> differences = new ArrayList<>();
        for (String field : fields) {
            List<JsonNode> values = definitions.stream().map(definition -> definition.get(field)).toList();
            if (values.stream().distinct().count() > 1) {
                differences.add(new RunComparison.Difference(field, values));
            }
        }
        return differences;
    }

    private static Map<String, List<RunComparison.Column>> signals(List<RunReport> runs) {
        TreeSet<String> names = new TreeSet<>();
        runs.forEach(run -> names.addAll(run.signals().keySet()));
        Map<String, List<RunComparison.Column>> signals = new LinkedHashMap<>();
        for (String signal : names) {
            RunReport.SignalSummary baseline = runs.getFirst().signals().get(signal);
            List<RunComparison.Column> columns = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                RunReport.SignalSummary summary = runs.get(i).signals().get(signal);
                columns.add(summary == null ? null
                        : new RunComparison.Column(summary, i == 0 || baseline == null ? null : delta(summary, baseline)));
            }
            signals.put(signal, columns);
        }
        return signals;
    }

    static RunComparison.Delta delta(RunReport.SignalSummary run, RunReport.SignalSummary baseline) {
        return new RunComparison.Delta(run.sent() - baseline.sent(), ratio(run.sent(), baseline.sent()),
                round(run.achievedRate() - baseline.achievedRate()), ratio(run.achievedRate(), baseline.achievedRate()),
                run.failed() - baseline.failed(), run.missed() - baseline.missed(),
                round(run.latency().p50() - baseline.latency().p50()), round(run.latency().p99() - baseline.latency().p99()),
                ratio(run.latency().p99(), baseline.latency().p99()));
    }

    private static Double ratio(double value, double baseline) {
        return baseline == 0 ? null : Math.round(value / baseline * 10_000) / 10_000.0;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** Each watched series' seconds from start, the runs' values side by side; null when no run watched any. */
    private static Map<String, List<RunComparison.Observed>> observed(List<RunReport> runs) {
        Map<String, TreeMap<Long, Double[]>> bySeries = new TreeMap<>();
        for (int i = 0; i < runs.size(); i++) {
            for (ObservedSeries series : runs.get(i).observed() == null ? List.<ObservedSeries>of() : runs.get(i).observed()) {
                for (double[] point : series.points()) {
                    bySeries.computeIfAbsent(series.series(), s -> new TreeMap<>())
                            .computeIfAbsent((long) point[0], s -> new Double[runs.size()])[i] = point[1];
                }
            }
        }
        if (bySeries.isEmpty()) {
            return null;
        }
        Map<String, List<RunComparison.Observed>> observed = new LinkedHashMap<>();
        bySeries.forEach((series, seconds) -> observed.put(series, seconds.entrySet().stream()
                .map(e -> new RunComparison.Observed(e.getKey(), Arrays.asList(e.getValue()))).toList()));
        return observed;
    }

    /** Each signal's seconds from start, the runs' figures side by side. */
    private static Map<String, List<RunComparison.Second>> timelines(List<RunReport> runs) {
        Map<String, TreeMap<Long, TimelinePoint[]>> bySignal = new TreeMap<>();
        for (int i = 0; i < runs.size(); i++) {
            for (TimelinePoint point : runs.get(i).timeline()) {
                bySignal.computeIfAbsent(point.signal(), s -> new TreeMap<>())
                        .computeIfAbsent(point.second(), s -> new TimelinePoint[runs.size()])[i] = point;
            }
        }
        Map<String, List<RunComparison.Second>> timelines = new LinkedHashMap<>();
        bySignal.forEach((signal, seconds) -> {
            List<RunComparison.Second> rows = new ArrayList<>(seconds.size());
            seconds.forEach((second, points) -> {
                List<Long> sent = new ArrayList<>(points.length);
                List<Double> p99 = new ArrayList<>(points.length);
                for (TimelinePoint point : points) {
                    sent.add(point == null ? null : point.sent());
                    p99.add(point == null ? null : point.p99());
                }
                rows.add(new RunComparison.Second(second, sent, p99));
            });
            timelines.put(signal, rows);
        });
        return timelines;
    }

    /** The comparison as one self-contained HTML page, charts' library and data inlined. */
    public String html(RunComparison comparison) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("title", "MoniFlux: " + comparison.runs().size() + " runs compared");
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 0; i < comparison.runs().size(); i++) {
            RunComparison.Run run = comparison.runs().get(i);
            runs.add(Map.of("label", label(i), "run", run, "baseline", i == 0, "elapsed", RunReports.number(run.elapsed())));
        }
        model.put("runs", runs);
        model.put("labels", runs.stream().map(run -> run.get("label")).toList());
        model.put("differences", comparison.definition().stream().map(d -> Map.of("field", d.field(),
                "values", d.values().stream().map(v -> v == null ? "—" : v.isString() ? v.asString() : v.toString()).toList())).toList());
        model.put("noDifferences", comparison.definition().isEmpty());
        List<Map<String, Object>> signalRows = new ArrayList<>();
        comparison.signals().forEach((signal, columns) -> {
            for (int i = 0; i < columns.size(); i++) {
                RunComparison.Column column = columns.get(i);
                if (column == null) {
                    continue;
                }
                RunReport.SignalSummary s = column.results();
                RunComparison.Delta d = column.vsBaseline();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("signal", signal);
                row.put("run", label(i));
                row.put("sent", s.sent());
                row.put("failed", s.failed());
                row.put("missed", s.missed());
                row.put("achieved", RunReports.number(s.achievedRate()));
                row.put("p50", RunReports.number(s.latency().p50()));
                row.put("p99", RunReports.number(s.latency().p99()));
                row.put("sentRatio", d == null ? "baseline" : ratioText(d.sentRatio()));
                row.put("achievedRatio", d == null ? "" : ratioText(d.achievedRateRatio()));
                row.put("p99Ratio", d == null ? "" : ratioText(d.p99Ratio()));
                row.put("p99Delta", d == null ? "" : signed(d.p99Ms()) + " ms");
                signalRows.add(row);
            }
        });
        model.put("signals", signalRows);
        List<Map<String, Object>> verdicts = new ArrayList<>();
        for (int i = 0; i < comparison.runs().size(); i++) {
            Map<String, Object> verdict = new LinkedHashMap<>();
            verdict.put("run", label(i));
            List<ThresholdResult> thresholds = comparison.thresholds().get(i);
            verdict.put("thresholds", thresholds == null || thresholds.isEmpty() ? "none"
                    : thresholds.stream().map(t -> t.threshold() + " " + (t.passed() ? "passed" : "failed")).reduce((a, b) -> a + "; " + b).orElse(""));
            var capacity = comparison.capacity().get(i);
            verdict.put("capacity", capacity == null ? "none" : capacity.summary());
            var verification = comparison.verification().get(i);
            verdict.put("verification", verification == null ? "none" : verification.status().key());
            verdicts.add(verdict);
        }
        model.put("verdicts", verdicts);
        model.put("data", RunReports.scriptSafe(json.writeValueAsString(comparison)));
        model.put("chartScript", reports.chartScript().replaceAll("(?i)</script", "<\\\\/script"));
        model.put("chartStyle", reports.chartStyle().replace("</", "<\\/"));
        return page.execute(model);
    }

    /** A, B, C...: how the page names the runs, A the baseline. */
    static String label(int index) {
        return index < 26 ? String.valueOf((char) ('A' + index)) : "R" + (index + 1);
    }

    private static String ratioText(Double ratio) {
        return ratio == null ? "—" : String.format(Locale.ROOT, "×%.3f", ratio);
    }

    private static String signed(double value) {
        return (value > 0 ? "+" : "") + RunReports.number(value);
    }

    /** The keys a request names, {@code testID/runID} each, checked: the reason it cannot be compared, or null. */
    public static String problem(List<String> runs) {
        if (runs == null || runs.size() < 2 || runs.size() > MAX_RUNS) {
            return "compare 2 to " + MAX_RUNS + " runs: run=testID/runID, once per run";
        }
        for (Iterator<String> it = runs.iterator(); it.hasNext(); ) {
            String run = it.next();
            if (run == null || run.chars().filter(c -> c == '/').count() != 1 || run.startsWith("/") || run.endsWith("/")) {
                return "each run is testID/runID, not '" + Objects.toString(run, "").replaceAll("[^ -~]", "?") + "'";
            }
        }
        return runs.stream().distinct().count() == runs.size() ? null : "each run once";
    }
}
