package io.moniflux.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeneratorsTest {

    static final RunMarker MARKER = new RunMarker("t", "t-run-1", 0);

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 50, 300, 4096, 65_536})
    void logMessagesAreExactlyLogSizeBytes(int size) {
        LogGenerator generator = new LogGenerator("INFO", size, PayloadOptions.DEFAULTS, MARKER);
        for (int i = 0; i < 200; i++) {
            LogEvent event = generator.next(i, 0);
            assertThat(event.message().getBytes(StandardCharsets.UTF_8)).hasSize(size);
            assertThat(event.level()).isEqualTo("INFO");
            assertThat(event.seq()).isEqualTo(i);
        }
    }

    @Test
    void entropyDecidesHowMuchBodiesDiffer() {
        Set<String> flat = messages(0.0);
        Set<String> varied = messages(1.0);

        assertThat(flat).hasSize(1);
        assertThat(varied).as("the pool of distinct bodies").hasSize(256);
    }

    @Test
    void aSeedMakesContentReproducible() {
        PayloadOptions seeded = new PayloadOptions(42L, 0.8, 10, Map.of());
        LogGenerator a = new LogGenerator("MIXED", 120, seeded, MARKER);
        LogGenerator b = new LogGenerator("MIXED", 120, seeded, MARKER);

        for (int i = 0; i < 100; i++) {
            LogEvent x = a.next(i, 0);
            LogEvent y = b.next(i, 0);
            assertThat(x.message()).isEqualTo(y.message());
            assertThat(x.level()).isEqualTo(y.level());
        }
    }

    @Test
    void mixedLevelsLookLikeARealService() {
        LogGenerator generator = new LogGenerator("MIXED", 80, PayloadOptions.DEFAULTS, MARKER);
        Map<String, Integer> levels = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            levels.merge(generator.next(i, 0).level(), 1, Integer::sum);
        }
        assertThat(levels.keySet()).contains("INFO", "DEBUG", "WARN", "ERROR");
        assertThat(levels.get("INFO")).isGreaterThan(levels.get("ERROR") * 5);
    }

    @Test
    void extraAttributesAreOnEveryEvent() {
        LogGenerator generator = new LogGenerator("WARN", 30, new PayloadOptions(null, 0.5, 5, Map.of("team", "obs")), MARKER);
        assertThat(generator.next(0, 0).attributes().values()).containsEntry("team", "obs").containsKey("service.name");
    }

    @Test
    void countersOnlyGrowPerSeriesAndCardinalityIsTheNumberOfSeries() {
        MetricGenerator generator = new MetricGenerator(new PayloadOptions(7L, 0.5, 25, Map.of()), MARKER, 0);
        Map<MetricSeries, Double> last = new HashMap<>();
        Set<Map<String, String>> labelSets = new HashSet<>();
        for (int i = 0; i < 2_500; i++) {
            MetricEvent point = generator.next(i, i);
            labelSets.add(withName(point.series()));
            switch (point.series().kind()) {
                case COUNTER -> {
                    Double previous = last.put(point.series(), point.value());
                    if (previous != null) {
                        assertThat(point.value()).isGreaterThan(previous);
                    }
                }
                case HISTOGRAM -> {
                    assertThat(point.bucketCounts()).hasSize(point.bounds().length + 1);
                    assertThat(Arrays.stream(point.bucketCounts()).sum()).isEqualTo(point.count());
                    Double previous = last.put(point.series(), (double) point.count());
                    if (previous != null) {
                        assertThat((double) point.count()).isGreaterThan(previous);
                    }
                }
                case GAUGE -> assertThat(point.value()).isBetween(0.0, 1000.0);
            }
        }
        assertThat(labelSets).hasSize(25);
        assertThat(generator.seriesCount()).isEqualTo(25);
    }

    @Test
    void spansHaveW3cIdsAndFormTreesWithNestedTimings() {
        TraceGenerator generator = new TraceGenerator(PayloadOptions.DEFAULTS, MARKER);
        List<SpanEvent> spans = IntStream.range(0, 1_000).mapToObj(i -> generator.next(i, 1_000_000_000_000L)).toList();
        Map<String, SpanEvent> byId = new HashMap<>();
        spans.forEach(span -> byId.put(span.spanId(), span));

        assertThat(spans).allSatisfy(span -> {
            assertThat(span.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
            assertThat(span.spanId()).matches("[0-9a-f]{16}");
            assertThat(span.endEpochNanos()).isGreaterThan(span.startEpochNanos());
        });
        List<SpanEvent> children = spans.stream().filter(s -> s.parentSpanId() != null).toList();
        assertThat(children).isNotEmpty();
        long roots = spans.stream().filter(s -> s.parentSpanId() == null).count();
        assertThat(roots).isGreaterThan(100);
        for (SpanEvent child : children) {
            SpanEvent parent = byId.get(child.parentSpanId());
            if (parent != null) {
                assertThat(parent.traceId()).isEqualTo(child.traceId());
                assertThat(child.startEpochNanos()).isGreaterThanOrEqualTo(parent.startEpochNanos());
                assertThat(child.endEpochNanos()).isLessThanOrEqualTo(parent.endEpochNanos());
            }
        }
        assertThat(spans.stream().map(SpanEvent::service).distinct().count()).isGreaterThan(3);
    }

    private static Set<String> messages(double entropy) {
        LogGenerator generator = new LogGenerator("INFO", 100, new PayloadOptions(1L, entropy, 10, Map.of()), MARKER);
        Set<String> messages = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            messages.add(generator.next(i, 0).message());
        }
        return messages;
    }

    private static Map<String, String> withName(MetricSeries series) {
        Map<String, String> labels = new HashMap<>(series.labels().values());
        labels.put("__name__", series.name());
        return labels;
    }

    @Test
    void metricKindsChooseTheSeriesAndEachKindKeepsItsSemantics() {
        PayloadOptions all = new PayloadOptions(3L, 0.5, 10, Map.of(), Set.of(MetricKind.values()));
        MetricGenerator generator = new MetricGenerator(all, MARKER, 0);
        Map<MetricSeries, Long> lastCount = new HashMap<>();
        Set<MetricKind> seen = new HashSet<>();
        double base = Math.pow(2, Math.pow(2, -MetricGenerator.EXPONENTIAL_SCALE));
        for (int i = 0; i < 1_000; i++) {
            MetricEvent point = generator.next(i, i);
            seen.add(point.series().kind());
            switch (point.series().kind()) {
                case EXPONENTIAL_HISTOGRAM -> {
                    MetricEvent.ExponentialBuckets buckets = point.exponential();
                    assertThat(Arrays.stream(buckets.counts()).sum() + buckets.zeroCount()).isEqualTo(point.count());
                    assertThat(point.sum()).isBetween(64.0 * point.count(), 1_048_576.0 * point.count());
                }
                case SUMMARY -> {
                    MetricEvent.Quantiles quantiles = point.quantiles();
                    assertThat(quantiles.quantiles()).containsExactly(0.5, 0.9, 0.99);
                    assertThat(quantiles.values()).isSorted();
                    assertThat(quantiles.values()[0]).isPositive();
                    Long previous = lastCount.put(point.series(), point.count());
                    if (previous != null) {
                        assertThat(point.count()).isGreaterThan(previous);
                    }
                }
                default -> {
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(MetricKind.values());
        // the bucket an observation lands in is the one whose bounds hold it: (base^i, base^(i+1)]
        for (double value : new double[] {64, 65, 100, 1000, 4096, 4097, 1_000_000}) {
            int index = MetricGenerator.exponentialIndex(value);
            assertThat(Math.pow(base, index)).isLessThan(value);
            assertThat(Math.pow(base, index + 1)).isGreaterThanOrEqualTo(value * (1 - 1e-12));
        }
    }

    @Test
    void gaugesAloneAreAllGaugesAndTheDefaultMixIsUnchanged() {
        MetricGenerator gauges = new MetricGenerator(new PayloadOptions(3L, 0.5, 10, Map.of(), Set.of(MetricKind.GAUGE)), MARKER, 0);
        for (int i = 0; i < 100; i++) {
            assertThat(gauges.next(i, i).series().kind()).isEqualTo(MetricKind.GAUGE);
        }
        MetricGenerator mix = new MetricGenerator(new PayloadOptions(3L, 0.5, 10, Map.of()), MARKER, 0);
        Set<MetricKind> kinds = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            kinds.add(mix.next(i, i).series().kind());
        }
        assertThat(kinds).containsExactlyInAnyOrder(MetricKind.COUNTER, MetricKind.GAUGE, MetricKind.HISTOGRAM);
    }
}
