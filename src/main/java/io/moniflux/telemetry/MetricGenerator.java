package io.moniflux.telemetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            new Family("pipeline_bytes_processed_total", MetricKind.COUNTER, "By", "Bytes processed by a pipeline", "pipeline", Vocabulary.WORDS),
            // only when a test asks for their kinds: the default mix is what every protocol carries
            new Family("http_server_request_body_size", MetricKind.EXPONENTIAL_HISTOGRAM, "By", "Size of HTTP request bodies", "http_route", Vocabulary.ROUTES),
            new Family("rpc_server_duration_seconds", MetricKind.SUMMARY, "s", "Duration of RPCs served", "rpc_method", Vocabulary.RPC_METHODS)};

    static final double[] QUANTILES = {0.5, 0.9, 0.99};
    /** Observations a summary's quantiles are taken over, as a client library's sliding window would. */
    private static final int SUMMARY_WINDOW = 64;
    /** Scale 2: four buckets per power of two, as fine as a 19 % relative error. */
    static final int EXPONENTIAL_SCALE = 2;
    /** Body sizes from 64 B (2^6) to 1 MiB (2^20): bucket indexes 23 to 79 at scale 2. */
    private static final int EXPONENTIAL_OFFSET = 23;
    private static final int EXPONENTIAL_BUCKETS = 57;

    private final Family[] families;
    private final Map<String, String> extraLabels;
    private final Churn churn;
    private final long startEpochNanos;
    /** The series of a run without churn: {@code cardinality}. */
    private final int base;
    private final MetricSeries[] series;
    private final int[] generations;
    private final double[] values;
    private final long[] counts;
    private final double[] sums;
    private final long[][] buckets;
    private final double[][] windows;
    private final SplittableRandom random;
    private int cursor;

    public MetricGenerator(PayloadOptions options, RunMarker marker, long startEpochNanos) {
        this.random = Vocabulary.random(options, marker, Signal.METRICS);
        this.families = families(options.metricKinds());
        this.extraLabels = options.attributes();
        this.churn = options.churn();
        this.startEpochNanos = startEpochNanos;
        this.base = Math.max(1, options.cardinality());
        int n = churn.mode().equals("spike") || churn.mode().equals("double-halve") ? base * 2 : base;
        series = new MetricSeries[n];
        generations = new int[n];
        values = new double[n];
        counts = new long[n];
        sums = new double[n];
        buckets = new long[n][];
        windows = new double[n][];
        for (int i = 0; i < n; i++) {
            start(i, 0, startEpochNanos);
        }
    }

    /** Series {@code i} in its {@code generation} (a new instance once churn replaced it), from its first value. */
    private void start(int i, int generation, long epochNanos) {
        Family family = families[i % families.length];
        int variant = i / families.length;
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("service", Vocabulary.SERVICES[variant % Vocabulary.SERVICES.length]);
        labels.put("instance", "node-" + variant / Vocabulary.SERVICES.length + (generation == 0 ? "" : "-g" + generation));
        labels.put(family.labelKey(), family.labelValues()[variant % family.labelValues().length]);
        labels.putAll(extraLabels);
        series[i] = new MetricSeries(family.name(), family.kind(), family.unit(), family.description(), new Attributes(labels),
                epochNanos);
        generations[i] = generation;
        values[i] = family.kind() == MetricKind.GAUGE ? random.nextDouble() * (family.unit().equals("1") ? 1 : 100) : 0;
        counts[i] = 0;
        sums[i] = 0;
        switch (family.kind()) {
            case HISTOGRAM -> buckets[i] = new long[LATENCY_BOUNDS.length + 1];
            case EXPONENTIAL_HISTOGRAM -> buckets[i] = new long[EXPONENTIAL_BUCKETS];
            case SUMMARY -> windows[i] = new double[SUMMARY_WINDOW];
            default -> {
            }
        }
    }

    /** The series written to in the churn period {@code period}. */
    int activeSeries(long period) {
        return switch (churn.mode()) {
            case "spike" -> period % 2 == 1 ? base * 2 : base;
            case "double-halve" -> period == 0 ? base : period % 2 == 1 ? base * 2 : Math.max(1, base / 2);
            default -> base;
        };
    }

    /**
     * The families of the kinds asked for, taken a kind at a time (the first family of each kind, then
     * the second...), so that a few series already cover every kind.
     */
    private static Family[] families(Set<MetricKind> kinds) {
        List<Family> ordered = new ArrayList<>();
        for (int round = 0; ordered.size() < FAMILIES.length; round++) {
            int before = ordered.size();
            for (MetricKind kind : MetricKind.values()) {
                List<Family> ofKind = Arrays.stream(FAMILIES).filter(f -> f.kind() == kind).toList();
                if (kinds.contains(kind) && round < ofKind.size()) {
                    ordered.add(ofKind.get(round));
                }
            }
            if (ordered.size() == before) {
                break;
            }
        }
        return ordered.toArray(Family[]::new);
    }

    /** The number of distinct series this generator writes to at a time, without churn. */
    public int seriesCount() {
        return base;
    }

    @Override
    public MetricEvent next(long seq, long epochNanos) {
        long period = Math.max(0, epochNanos - startEpochNanos) / (churn.periodSeconds() * 1_000_000_000L);
        int active = activeSeries(period);
        int i = cursor < active ? cursor : 0;
        cursor = (i + 1) % active;
        if (churn.mode().equals("gradual")) {
            // a tenth of the series, in turn, is replaced each period: series i when the period passes i % 10
            int generation = (int) ((period + 9 - i % 10) / 10);
            if (generation != generations[i]) {
                start(i, generation, epochNanos);
            }
        }
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
            case EXPONENTIAL_HISTOGRAM -> {
                int observations = 1 + random.nextInt(5);
                for (int o = 0; o < observations; o++) {
                    double bytes = Math.exp((random.nextDouble() * 14 + 6) * Math.log(2)); // 64 B to 1 MiB, log-uniform
                    sums[i] += bytes;
                    counts[i]++;
                    buckets[i][Math.clamp(exponentialIndex(bytes) - EXPONENTIAL_OFFSET, 0, EXPONENTIAL_BUCKETS - 1)]++;
                }
                yield new MetricEvent(epochNanos, s, 0, counts[i], sums[i], null, null,
                        new MetricEvent.ExponentialBuckets(EXPONENTIAL_SCALE, 0, EXPONENTIAL_OFFSET, buckets[i].clone()), null, seq);
            }
            case SUMMARY -> {
                int observations = 1 + random.nextInt(5);
                for (int o = 0; o < observations; o++) {
                    double seconds = Math.exp(random.nextDouble() * 4 - 6); // roughly 2.5 ms to 135 ms
                    windows[i][(int) (counts[i] % SUMMARY_WINDOW)] = seconds;
                    sums[i] += seconds;
                    counts[i]++;
                }
                double[] recent = Arrays.copyOf(windows[i], (int) Math.min(counts[i], SUMMARY_WINDOW));
                Arrays.sort(recent);
                double[] values = new double[QUANTILES.length];
                for (int q = 0; q < QUANTILES.length; q++) {
                    values[q] = recent[(int) Math.min(recent.length - 1, Math.floor(QUANTILES[q] * recent.length))];
                }
                yield new MetricEvent(epochNanos, s, 0, counts[i], sums[i], null, null, null,
                        new MetricEvent.Quantiles(QUANTILES, values), seq);
            }
        };
    }

    /** The index of the exponential bucket that holds {@code value}: (base^index, base^(index+1)]. */
    static int exponentialIndex(double value) {
        return (int) Math.ceil(Math.log(value) / Math.log(2) * (1 << EXPONENTIAL_SCALE)) - 1;
    }
}
