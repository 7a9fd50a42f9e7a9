package io.moniflux.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Telemetry that looks like production: log formats and levels, trace shapes, series churn; all seeded. */
class ShapesTest {

    static final RunMarker MARKER = new RunMarker("t", "r", 0);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final long START = 1_764_770_000_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    private static PayloadOptions logs(LogShape shape) {
        return new PayloadOptions(11L, 0.7, 20, Map.of(), null, null, shape, null);
    }

    private static List<LogEvent> logs(String logType, int size, LogShape shape, int n) {
        LogGenerator generator = new LogGenerator(logType, size, logs(shape), MARKER);
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(generator.next(i, START + i * 1_000_000L));
        }
        return events;
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "kubernetes"})
    void jsonBodiesAreValidJsonOfExactlyTheLogSize(String format) {
        for (LogEvent log : logs("WARN", 300, new LogShape(format, 0, null, null), 200)) {
            assertThat(log.message().getBytes(StandardCharsets.UTF_8)).hasSize(300);
            JsonNode body = JSON.readTree(log.message());
            if (format.equals("json")) {
                assertThat(body.path("level").asString()).isEqualTo("warn");
                assertThat(body.path("msg").asString()).isNotBlank();
            } else {
                assertThat(body.path("log").asString()).endsWith("\n");
                assertThat(body.path("stream").asString()).isEqualTo("stdout");
                assertThat(body.path("time").asString()).isEqualTo("2025-12-03T13:53:20Z");
            }
        }
    }

    @Test
    void accessAndLogfmtLinesHaveTheirShape() {
        Pattern access = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+ - \\S+ \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000] "
                + "\"(GET|POST|PUT|DELETE) /\\S* HTTP/1\\.1\" \\d{3} \\d+ \"-\" \"[^\"]+ *\"");
        assertThat(logs("INFO", 250, new LogShape("access", 0, null, null), 100))
                .allSatisfy(log -> assertThat(log.message()).matches(access).hasSize(250));
        Pattern logfmt = Pattern.compile("time=\\S+ level=info service=\\S+ msg=\"[^\"]*\" duration=\\d+ms");
        assertThat(logs("INFO", 200, new LogShape("logfmt", 0, null, null), 100))
                .allSatisfy(log -> assertThat(log.message()).matches(logfmt).hasSize(200));
    }

    @Test
    void stackTracesComeAtTheirRatioAsMultiLineErrors() {
        List<LogEvent> events = logs("INFO", 100, new LogShape("text", 0.1, null, null), 20_000);
        List<LogEvent> traces = events.stream().filter(log -> log.message().contains("\n\tat ")).toList();
        assertThat(traces.size() / 20_000.0).isCloseTo(0.1, within(0.01));
        assertThat(traces).allSatisfy(log -> {
            assertThat(log.level()).isEqualTo("ERROR");
            assertThat(log.message()).containsPattern("^[\\w.]+Exception: ").contains("\nCaused by: ").contains(" more");
        });
        assertThat(events).filteredOn(log -> !log.message().contains("\n")).allSatisfy(log -> assertThat(log.message()).hasSize(100));
    }

    @Test
    void levelsFollowTheirWeightsAndTemplatesFillTheirVariables() {
        LogShape shape = new LogShape("text", 0, Map.of("INFO", 90.0, "WARN", 8.0, "ERROR", 2.0),
                List.of("user {user} from {ip} got {status} on {method} {route} in {duration}"));
        Map<String, Integer> levels = new HashMap<>();
        Pattern filled = Pattern.compile("user user\\d+ from 10\\.\\d+\\.\\d+\\.\\d+ got \\d{3} on [A-Z]+ /\\S* in \\d+ms.*");
        for (LogEvent log : logs("INFO", 120, shape, 20_000)) {
            levels.merge(log.level(), 1, Integer::sum);
            assertThat(log.message()).hasSize(120);
        }
        assertThat(levels.keySet()).containsExactlyInAnyOrder("INFO", "WARN", "ERROR");
        assertThat(levels.get("INFO") / 20_000.0).isCloseTo(0.90, within(0.01));
        assertThat(levels.get("ERROR") / 20_000.0).isCloseTo(0.02, within(0.005));
        // at entropy 1 every variable varies; the pattern holds for each body
        LogGenerator varied = new LogGenerator("INFO", 120, new PayloadOptions(5L, 1, 20, Map.of(), null, null, shape, null), MARKER);
        for (int i = 0; i < 200; i++) {
            assertThat(varied.next(i, START).message()).matches(filled);
        }
    }

    @Test
    void theSameSeedMakesTheSameTelemetry() {
        LogShape shape = new LogShape("json", 0.05, Map.of("INFO", 3.0, "ERROR", 1.0), null);
        assertThat(logs("INFO", 200, shape, 500)).extracting(LogEvent::message, LogEvent::level)
                .isEqualTo(logs("INFO", 200, shape, 500).stream().map(log -> org.assertj.core.groups.Tuple.tuple(log.message(), log.level())).toList());
        TraceShape traces = new TraceShape(2, 2, 0.2, 1, 0.5);
        // attribute sets compare by identity (they are interned per generator): compare what they print
        assertThat(spans(traces, 300).stream().map(Object::toString).toList())
                .isEqualTo(spans(traces, 300).stream().map(Object::toString).toList());
    }

    private static List<SpanEvent> spans(TraceShape shape, int n) {
        TraceGenerator generator = new TraceGenerator(new PayloadOptions(9L, 0.5, 10, Map.of(), null, null, null, shape), MARKER);
        List<SpanEvent> spans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            spans.add(generator.next(i, START + i * 1_000_000L));
        }
        return spans;
    }

    @Test
    void tracesHaveTheirDepthAndBreadthErrorsWithExceptionEventsAndLinksToEarlierTraces() {
        List<SpanEvent> spans = spans(new TraceShape(2, 3, 0.25, 1.5, 1), 13 * 200);
        Map<String, List<SpanEvent>> traces = new HashMap<>();
        spans.forEach(span -> traces.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span));
        assertThat(traces).hasSize(200).allSatisfy((id, trace) -> {
            assertThat(trace).as("1 + 3 + 9 spans").hasSize(13);
            assertThat(trace).filteredOn(span -> span.parentSpanId() == null).hasSize(1);
            Set<String> ids = new HashSet<>(trace.stream().map(SpanEvent::spanId).toList());
            assertThat(trace).filteredOn(span -> span.parentSpanId() != null).allSatisfy(span -> assertThat(ids).contains(span.parentSpanId()));
            assertThat(trace).filteredOn(span -> span.kind() == SpanEvent.SpanKind.CLIENT).hasSize(9);
        });
        List<SpanEvent> errors = spans.stream().filter(SpanEvent::error).toList();
        assertThat(errors.size() / (double) spans.size()).isCloseTo(0.25, within(0.03));
        assertThat(errors).allSatisfy(span -> {
            assertThat(span.statusMessage()).isNotBlank();
            assertThat(span.events()).anySatisfy(event -> {
                assertThat(event.name()).isEqualTo("exception");
                assertThat(event.attributes().values()).containsKeys("exception.type", "exception.message", "exception.stacktrace");
            });
        });
        double events = spans.stream().mapToLong(span -> span.events().stream().filter(e -> !e.name().equals("exception")).count()).sum();
        assertThat(events / spans.size()).isCloseTo(1.5, within(0.1));
        assertThat(spans).allSatisfy(span -> assertThat(span.events()).allSatisfy(event ->
                assertThat(event.epochNanos()).isBetween(span.startEpochNanos(), span.endEpochNanos())));
        List<SpanEvent> roots = spans.stream().filter(span -> span.parentSpanId() == null).toList();
        for (int i = 1; i < roots.size(); i++) {
            assertThat(roots.get(i).links()).containsExactly(new SpanEvent.Link(roots.get(i - 1).traceId(), roots.get(i - 1).spanId()));
        }
        assertThat(roots.getFirst().links()).isEmpty();
    }

    private static Map<Long, Set<MetricSeries>> seriesByPeriod(String mode, int periods) {
        PayloadOptions options = new PayloadOptions(1L, 0.5, 20, Map.of(), null, new Churn(mode, 10), null, null);
        MetricGenerator generator = new MetricGenerator(options, MARKER, START);
        Map<Long, Set<MetricSeries>> byPeriod = new HashMap<>();
        for (long t = 0; t < periods * 10L; t++) {
            for (int k = 0; k < 100; k++) { // 100 points a second, 1,000 a period
                MetricEvent point = generator.next(t * 100 + k, START + t * SECOND + k * (SECOND / 100));
                byPeriod.computeIfAbsent(t / 10, p -> new HashSet<>()).add(point.series());
            }
        }
        return byPeriod;
    }

    @Test
    void churnChangesTheSeriesAsPodsThatRollWould() {
        Map<Long, Set<MetricSeries>> none = seriesByPeriod("none", 4);
        assertThat(none.values()).allSatisfy(series -> assertThat(series).isEqualTo(none.get(0L)));

        Map<Long, Set<MetricSeries>> gradual = seriesByPeriod("gradual", 12);
        for (long p = 1; p < 12; p++) {
            Set<MetricSeries> replaced = new HashSet<>(gradual.get(p));
            replaced.removeAll(gradual.get(p - 1));
            assertThat(replaced).as("period " + p + ": a tenth of 20 series is new").hasSize(2);
        }
        assertThat(gradual.get(11L)).hasSize(20).allSatisfy(series -> assertThat(series.labels().get("instance")).contains("-g"));

        Map<Long, Set<MetricSeries>> spike = seriesByPeriod("spike", 4);
        assertThat(spike.get(0L)).hasSize(20);
        assertThat(spike.get(1L)).hasSize(40);
        assertThat(spike.get(2L)).hasSize(20);
        Map<Long, Set<MetricSeries>> doubleHalve = seriesByPeriod("double-halve", 4);
        assertThat(List.of(doubleHalve.get(0L).size(), doubleHalve.get(1L).size(), doubleHalve.get(2L).size(),
                doubleHalve.get(3L).size())).containsExactly(20, 40, 10, 40);
    }
}
