package io.moniflux.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Metric points over a fixed set of series ({@code cardinality} distinct label sets spread over a few
 * metric families), visited in turn. Counters only ever grow per series, gauges wander within their
 * range, histograms accumulate bucket counts: the semantics a real backend checks.
 */
public final class MetricGenerator implements Generator<MetricEvent> {

    static final double[] LATENCY_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private record Family(String name, MetricKind kind, String unit, String description, String labelKey,
            String[] labelValues) {
    }

    private static final Family[] FAMILIES = {
            new Family("http_server_requests_total", MetricKind.COUNTER, "{request}", "HTTP requests served", "http_route", Vocabulary.ROUTES),
            new Family("http_server_request_duration_seconds", MetricKind.HISTOGRAM, "s", "HTTP request duration", "http_route", Vocabulary.ROUTES),
            new Family("process_cpu_utilization_ratio", MetricKind.GAUGE, "1", "CPU used by the process", "cpu_mode", new String[] {"user", "system"}),
            new Family("queue_messages", MetricKind.GAUGE, "{message}", "Messages waiting in a queue", "queue", Vocabulary.QUEUES),
            new Family("pipeline_bytes_processed_total", MetricKind.COUNTER, "By", "Bytes processed by a pipeline", "pipeline", Vocabulary.WORDS)};

    private final MetricSeries[] series;
    private final double[] values;
    private final long[] counts;
    private final double[] sums;
    private final long[][] buckets;
    private final SplittableRandom random;
    private int cursor;

    public MetricGenerator(PayloadOptions options, RunMarker marker, long startEpochNanos) {
        this.random = Vocabulary.random(options, marker, Signal.METRICS);
        int n = Math.max(1, options.cardinality());
        series = new MetricSeries[n];
        values = new double[n];
        counts = new long[n];
        sums = new double[n];
        buckets = new long[n][];
        for (int i = 0; i < n; i++) {
            Family family = FAMILIES[i % FAMILIES.length];
            int variant = i / FAMILIES.length;
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("service", Vocabulary.SERVICES[variant % Vocabulary.SERVICES.length]);
            labels.put("instance", "node-" + variant / Vocabulary.SERVICES.length);
            labels.put(family.labelKey(), family.labelValues()[variant % family.labelValues().length]);
            labels.putAll(options.attributes());
            series[i] = new MetricSeries(family.name(), family.kind(), family.unit(), family.description(),
                    new Attributes(labels), startEpochNanos);
            values[i] = family.kind() == MetricKind.GAUGE ? random.nextDouble() * (family.unit().equals("1") ? 1 : 100) : 0;
            if (family.kind() == MetricKind.HISTOGRAM) {
                buckets[i] = new long[LATENCY_BOUNDS.length + 1];
            }
        }
    }

    /** The number of distinct series this generator writes to. */
    public int seriesCount() {
        return series.length;
    }

    @Override
    public MetricEvent next(long seq, long epochNanos) {
        int i = cursor;
        cursor = (cursor + 1) % series.length;
        MetricSeries s = series[i];
        return switch (s.kind()) {
            case COUNTER -> {
                values[i] += 1 + random.nextInt(10);
                yield new MetricEvent(epochNanos, s, values[i], 0, 0, null, null, seq);
            }
            case GAUGE -> {
                double max = s.unit().equals("1") ? 1 : 1000;
                values[i] = Math.clamp(values[i] + (random.nextDouble() - 0.5) * max * 0.1, 0, max);
                yield new MetricEvent(epochNanos, s, values[i], 0, 0, null, null, seq);
            }
            case HISTOGRAM -> {
                int observations = 1 + random.nextInt(5);
                for (int o = 0; o < observations; o++) {
                    double seconds = Math.exp(random.nextDouble() * 4 - 5.5); // roughly 4 ms to 220 ms
                    sums[i] += seconds;
                    counts[i]++;
                    int bucket = 0;
                    while (bucket < LATENCY_BOUNDS.length && seconds > LATENCY_BOUNDS[bucket]) {
                        bucket++;
                    }
                    buckets[i][bucket]++;
                }
                yield new MetricEvent(epochNanos, s, 0, counts[i], sums[i], LATENCY_BOUNDS, buckets[i].clone(), seq);
            }
        };
    }
}
