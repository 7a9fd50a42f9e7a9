package io.moniflux.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.moniflux.support.Api;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * MoniFlux's performance, measured against a reference in the same run on the same machine:
 * throughput to an nginx sink beside wrk's requests/s against that sink, rate accuracy at several
 * rates, and heap and API latency under 500 concurrent tests. Prints a table and writes JSON.
 *
 * <p>Run with {@code bench/run.sh} (see bench/README.md). Only 127.0.0.1 is ever a target.
 */
public final class Benchmark {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int SECONDS = 10;
    private static final double IMPOSSIBLE = 20_000_000;

    private final Path work;
    private final Path jar;
    private final String sink;
    private Api api;
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final List<String> table = new ArrayList<>();

    private Benchmark(Path work, Path jar, String sink) {
        this.work = work;
        this.jar = jar;
        this.sink = sink;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Files.list(Path.of("target")).filter(p -> p.getFileName().toString().matches("moniflux-.*\\.jar"))
                .findFirst().orElseThrow(() -> new IllegalStateException("build the jar first: ./mvnw package -DskipTests"));
        String only = System.getProperty("bench.only", "throughput,otlp,syslog,accuracy,many,timing,protocols");
        Path work = Files.createDirectories(Path.of("target", "bench"));
        int sinkPort = Processes.freePort();
        Process nginx = Processes.nginx(work.resolve("nginx"), sinkPort);
        try {
            Benchmark bench = new Benchmark(work, jar, "http://127.0.0.1:" + sinkPort);
            bench.report.put("startedAt", Instant.now().toString());
            bench.report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                    "java", System.getProperty("java.version"), "os", System.getProperty("os.name")));
            bench.report.put("rounds", ROUNDS);
            bench.table.add(String.format("%-44s %-34s %-34s %s", "measure", "reference (median, range)",
                    "MoniFlux (median, range)", "ratio (median, range) / goal"));
            for (String part : only.split(",")) {
                switch (part.strip()) {
                    case "throughput" -> bench.throughput();
                    case "otlp" -> bench.otlp();
                    case "syslog" -> bench.syslog();
                    case "accuracy" -> bench.accuracy();
                    case "many" -> bench.manyTests();
                    case "timing" -> bench.timing();
                    case "protocols" -> bench.protocols();
                    default -> throw new IllegalArgumentException("unknown bench part " + part);
                }
            }
            bench.finish();
        } finally {
            Processes.stop(nginx);
        }
    }

    /** Runs {@code work} against a MoniFlux started cold from the jar for it, as a user starts one. */
    private <T> T withApp(String heap, AppWork<T> work) throws Exception {
        int port = Processes.freePort();
        Process app = Processes.moniflux(jar, port, this.work.resolve("moniflux-" + port + ".log"), heap);
        try {
            api = new Api(port);
            // the port opens before the application is ready (the admin token is set up on start)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (api.get("/tests?size=1").status() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("MoniFlux did not get ready within 60 s");
                }
                sleep(100);
            }
            return work.run(app.pid());
        } finally {
            Processes.stop(app);
        }
    }

    @FunctionalInterface
    private interface AppWork<T> {
        T run(long pid) throws Exception;
    }

    /**
     * One row: a reference and MoniFlux alternate for the rounds (MoniFlux cold each time), and the row
     * gives the medians and ranges of both and of their ratios.
     */
    private void compare(String key, String measure, String goal, double goalRatio, Measure reference, Measure moniflux)
            throws Exception {
        List<Double> references = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Map<String, Object>> rounds = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            double ref = reference.run();
            Map<String, Object> detail = new LinkedHashMap<>();
            double value = moniflux.run(detail);
            references.add(ref);
            ours.add(value);
            ratios.add(value / ref);
            detail.put("round", round);
            detail.put("reference", ref);
            detail.put("moniflux", value);
            detail.put("ratio", value / ref);
            rounds.add(detail);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("measure", measure);
        row.put("reference", Stats.summary(references));
        row.put("moniflux", Stats.summary(ours));
        row.put("ratio", Stats.summary(ratios));
        row.put("goalRatio", goalRatio);
        row.put("rounds", rounds);
        report.put(key, row);
        table.add(String.format("%-44s %-34s %-34s %s / %s", measure, Stats.text(references, "%,.0f"), Stats.text(ours, "%,.0f"),
                Stats.text(ratios, "%.2f"), goal));
    }

    @FunctionalInterface
    private interface Measure {
        double run(Map<String, Object> detail) throws Exception;

        default double run() throws Exception {
            return run(new LinkedHashMap<>());
        }
    }

    /** HTTP JSON, batch 1, one request per event, beside wrk -t2 -c64 posting the same body to the same nginx. */
    private void throughput() throws Exception {
        String body = sampleLogBody();
        report.put("wrkBodyBytes", body.length());
        compare("throughputBatch1", "HTTP JSON batch 1 req/s (wrk -t2 -c64)", ">= 0.8", 0.8,
                detail -> Processes.wrk(work, sink + "/logs", body, 2, 64, SECONDS),
                detail -> withApp("512m", pid -> sendAtMost("logs", 1, 64, Map.of(), detail)));
    }

    /** OTLP/HTTP protobuf logs and spans at batch 512 and an impossible target, beside the OpenTelemetry SDK's exporters. */
    private void otlp() throws Exception {
        compare("otlpLogs", "OTLP/HTTP log records/s, batch 512, 20M/s asked", ">= 1.0", 1.0,
                detail -> OtelSdkReference.logs(sink, SECONDS, 2, 512),
                detail -> withApp("512m", pid -> sendAtMost("logs", 512, 64, Map.of("type", "otlp-http"), detail)));
        compare("otlpSpans", "OTLP/HTTP spans/s, batch 512, 20M/s asked", ">= 1.0", 1.0,
                detail -> OtelSdkReference.spans(sink, SECONDS, 2, 512),
                detail -> withApp("512m", pid -> sendAtMost("traces", 512, 64, Map.of("type", "otlp-http"), detail)));
    }

    /** RFC 5424 over one TCP connection into syslog-ng, beside syslog-ng's own loggen into the same syslog-ng. */
    private void syslog() throws Exception {
        try (BenchSyslog syslog = new BenchSyslog(work.resolve("syslog-ng"))) {
            compare("syslog", "syslog RFC 5424 msg/s, one TCP connection", ">= 1.0", 1.0,
                    detail -> syslog.loggen(SECONDS, 300),
                    detail -> withApp("512m", pid -> {
                        long before = syslog.received();
                        double rate = sendAtMost("logs", 512, 1, Map.of("type", "syslog", "endpoint", "127.0.0.1",
                                "port", syslog.port(), "transport", "tcp"), detail);
                        detail.put("syslogNgReceived", syslog.awaitReceived(before + (long) detail.get("sent")) - before);
                        return rate;
                    }));
        }
    }

    /**
     * Events/s a fresh MoniFlux sent in a {@value #SECONDS} s test asked for far more than it can do,
     * as a user meets it: the mean over the whole test, no warm-up. The detail keeps the steady median
     * and what the run said about the misses.
     */
    private double sendAtMost(String signal, int batch, int inFlight, Map<String, Object> destination, Map<String, Object> detail) {
        Map<String, Object> row = maxRate(signal, batch, inFlight, SECONDS, destination);
        detail.putAll(row);
        return (double) row.get("meanEventsPerSecond");
    }

    /** One row per destination type: events/s at batch 500 to a local sink. */
    private void protocols() throws Exception {
        withApp("512m", pid -> {
            protocolRows();
            return null;
        });
    }

    private void protocolRows() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        table.add("Events/s per destination type, batch 500, 10 s: HTTP types to nginx (return 204), Kafka to a KRaft broker in the");
        table.add("bench JVM, NATS to nats-server, StatsD (UDP) and Graphite (TCP) to a port that reads and drops");
        for (String type : List.of("http", "otlp-http", "loki", "elasticsearch", "splunk-hec", "zipkin", "influx",
                "prometheus-remote-write", "clickhouse")) {
            String signal = switch (type) {
                case "zipkin" -> "traces";
                case "influx", "prometheus-remote-write" -> "metrics";
                default -> "logs";
            };
            protocolRow(rows, type, signal, 64, Map.of("type", type));
        }
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1, "otlp_logs", "bench_logs");
        kafka.afterPropertiesSet();
        try {
            protocolRow(rows, "kafka", "logs", 64, Map.of("type", "kafka", "endpoint", kafka.getBrokersAsString()));
            protocolRow(rows, "kafka (json)", "logs", 64, Map.of("type", "kafka", "endpoint", kafka.getBrokersAsString(),
                    "encoding", "json", "topic", "bench_{signal}"));
        } finally {
            kafka.destroy();
        }
        int natsPort = Processes.freePort();
        Path natsDir = Files.createDirectories(work.resolve("nats"));
        Process nats = new ProcessBuilder("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(natsPort)).redirectErrorStream(true)
                .redirectOutput(natsDir.resolve("nats.out").toFile()).start();
        try {
            Processes.awaitListening(natsPort, nats, "nats-server");
            protocolRow(rows, "nats", "logs", 64, Map.of("type", "nats", "endpoint", "nats://127.0.0.1:" + natsPort));
        } finally {
            Processes.stop(nats);
        }
        try (DiscardSink udp = DiscardSink.udp(); DiscardSink tcp = DiscardSink.tcp()) {
            // StatsD sends a counter as its increment, so its points go one request at a time, as by default
            protocolRow(rows, "statsd", "metrics", 1, Map.of("type", "statsd", "endpoint", "127.0.0.1", "port", udp.port()));
            protocolRow(rows, "graphite", "metrics", 64, Map.of("type", "graphite", "endpoint", "127.0.0.1", "port", tcp.port()));
        }
        report.put("protocols", rows);
        table.add("");
    }

    private void protocolRow(List<Map<String, Object>> rows, String name, String signal, int inFlight, Map<String, Object> destination) {
        Map<String, Object> result = maxRate(signal, 500, inFlight, 10, destination);
        result.put("type", name);
        rows.add(result);
        table.add(String.format("  %-28s %-8s %14.0f events/s", name, signal, (double) result.get("medianEventsPerSecond")));
    }

    private Map<String, Object> maxRate(String signal, int batch, int inFlight, int seconds) {
        return maxRate(signal, batch, inFlight, seconds, Map.of());
    }

    private Map<String, Object> maxRate(String signal, int batch, int inFlight, int seconds, Map<String, Object> destination) {
        String testID = "bench-max-" + signal + "-" + batch + "-" + destination.getOrDefault("type", "http") + "-" + System.nanoTime();
        Map<String, Object> definition = definition(testID, signal, IMPOSSIBLE, seconds);
        definition.put("batchSize", batch);
        definition.put("maxInFlight", inFlight);
        Map<String, Object> dest = new LinkedHashMap<>(Map.of("endpoint", sink));
        dest.putAll(destination);
        definition.put("destination", dest);
        check(api.post("/start-test", definition));
        JsonNode run = awaitRun(testID, Duration.ofSeconds(seconds + 60));
        long[] perSecond = perSecondSent(testID, run.path("runID").asString(), signal);
        long[] steady = Arrays.copyOfRange(perSecond, Math.min(3, perSecond.length), perSecond.length);
        JsonNode results = run.path("results").path(signal);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("signal", signal);
        row.put("batchSize", batch);
        row.put("maxInFlight", inFlight);
        row.put("seconds", seconds);
        row.put("sent", results.path("sent").asLong());
        row.put("failed", results.path("failed").asLong());
        row.put("missedAtImpossibleTarget", results.path("missed").asLong());
        row.put("meanEventsPerSecond", results.path("sent").asLong() / (double) seconds);
        row.put("medianEventsPerSecond", (double) median(steady));
        row.put("latencyP99Ms", results.path("serviceTime").path("p99").asDouble());
        row.put("missedByGenerator", results.path("missedBy").path("generator").asLong());
        row.put("missedByDestination", results.path("missedBy").path("destination").asLong());
        row.put("bottleneck", run.path("bottleneck").asString(null));
        row.put("perSecondSent", perSecond);
        return row;
    }

    /** (b) Achieved vs target over 30 s at 1, 100, 10k and 100k events/s. */
    private void accuracy() throws Exception {
        withApp("512m", pid -> {
            accuracyRows();
            return null;
        });
    }

    private void accuracyRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        table.add("Rate accuracy, 30 s each, logs to nginx; per-second deviation of events sent by their due second");
        table.add(String.format("  %-10s %6s %14s %10s %16s %16s %18s", "target/s", "batch", "achieved/s", "error", "p99 |dev|/s",
                "max |dev|/s", "p99 |dev| answers"));
        for (double target : new double[] {1, 100, 10_000, 100_000}) {
            int batch = target >= 100_000 ? 100 : 1;
            String testID = "bench-accuracy-" + (long) target + "-" + System.nanoTime();
            Map<String, Object> definition = definition(testID, "logs", target, 30);
            definition.put("batchSize", batch);
            definition.put("maxInFlight", 256);
            check(api.post("/start-test", definition));
            JsonNode run = awaitRun(testID, Duration.ofSeconds(90));
            long[] perSecond = perSecond(testID, run.path("runID").asString(), "logs", "attempted");
            long[] answered = perSecond(testID, run.path("runID").asString(), "logs", "sent");
            long sent = run.path("results").path("logs").path("sent").asLong();
            double achieved = sent / 30.0;
            double[] deviations = Arrays.stream(perSecond).mapToDouble(s -> Math.abs(s - target) / target).sorted().toArray();
            double p99 = percentile(deviations, 99);
            double max = deviations.length == 0 ? 0 : deviations[deviations.length - 1];
            double answersP99 = percentile(Arrays.stream(answered).mapToDouble(s -> Math.abs(s - target) / target).sorted().toArray(), 99);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("targetPerSecond", target);
            row.put("batchSize", batch);
            row.put("sent", sent);
            row.put("missed", run.path("results").path("logs").path("missed").asLong());
            row.put("failed", run.path("results").path("logs").path("failed").asLong());
            row.put("achievedPerSecond", achieved);
            row.put("relativeError", (achieved - target) / target);
            row.put("perSecondDeviationP99", p99);
            row.put("perSecondDeviationMax", max);
            row.put("perSecondAnsweredDeviationP99", answersP99);
            row.put("perSecond", perSecond);
            rows.add(row);
            table.add(String.format("  %-10.0f %6d %14.2f %9.3f%% %15.2f%% %15.2f%% %17.2f%%", target, batch, achieved,
                    100 * (achieved - target) / target, 100 * p99, 100 * max, 100 * answersP99));
        }
        report.put("accuracy", rows);
        table.add("");
    }

    /**
     * 1,000 tests at 10 logs/s at once, started by 8 clients, while 4 clients read single tests and the
     * running list: starts per second, API latency, heap, and whether every test delivered its due.
     */
    private void manyTests() throws Exception {
        int tests = Integer.getInteger("bench.tests", 1000);
        int duration = 40;
        String heapLimit = System.getProperty("bench.manyHeap", "512m"); // the goal: 1,000 tests in 512 MB of heap
        Map<String, Object> row = withApp(heapLimit, pid -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < tests; i++) {
                ids.add("bench-many-" + i + "-" + System.nanoTime());
            }
            long started = System.nanoTime();
            try (var clients = Executors.newFixedThreadPool(8)) {
                for (String id : ids) {
                    clients.submit(() -> check(api.post("/start-test", definition(id, "logs", 10, duration))));
                }
            }
            double startSeconds = (System.nanoTime() - started) / 1e9;
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            List<Double> heap = new ArrayList<>();
            List<Double> live = new ArrayList<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            try (var clients = Executors.newFixedThreadPool(4)) {
                for (int c = 0; c < 4; c++) {
                    clients.submit(() -> {
                        while (System.nanoTime() < end) {
                            String path = ThreadLocalRandom.current().nextBoolean()
                                    ? "/tests/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size()))
                                    : "/tests?status=Running&size=50";
                            long start = System.nanoTime();
                            Api.Response response = api.get(path);
                            latencies.add(System.nanoTime() - start);
                            if (response.status() != 200) {
                                throw new IllegalStateException(path + " -> " + response);
                            }
                        }
                        return null;
                    });
                }
                while (System.nanoTime() < end) {
                    heap.add(api.get("/actuator/metrics/jvm.memory.used?tag=area:heap").json().path("measurements").get(0)
                            .path("value").asDouble() / (1024 * 1024));
                    // what the old generation still held after the last collection: the heap the tests need
                    live.add(api.get("/actuator/metrics/jvm.gc.live.data.size").json().path("measurements").get(0)
                            .path("value").asDouble() / (1024 * 1024));
                    sleep(1_000);
                }
            }
            double rss = rssMegabytes(pid);
            int exact = 0;
            long sent = 0;
            long missed = 0;
            long missedByGenerator = 0;
            for (String id : ids) {
                JsonNode logs = awaitRun(id, Duration.ofSeconds(duration + 60)).path("results").path("logs");
                sent += logs.path("sent").asLong();
                missed += logs.path("missed").asLong();
                missedByGenerator += logs.path("missedBy").path("generator").asLong();
                if (Math.abs(logs.path("sent").asLong() - 10 * duration) <= 10 * duration / 100) {
                    exact++;
                }
            }
            double[] ms = latencies.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("tests", tests);
            figures.put("startsPerSecond", tests / startSeconds);
            figures.put("apiRequests", ms.length);
            figures.put("apiLatencyP50Ms", percentile(ms, 50));
            figures.put("apiLatencyP99Ms", percentile(ms, 99));
            figures.put("heapLimit", heapLimit);
            figures.put("heapUsedMaxMb", heap.stream().mapToDouble(Double::doubleValue).max().orElse(0));
            figures.put("liveHeapAfterGcMaxMb", live.stream().mapToDouble(Double::doubleValue).max().orElse(0));
            figures.put("processRssMb", rss);
            figures.put("testsWithinOnePercent", exact);
            figures.put("eventsSent", sent);
            figures.put("eventsMissed", missed);
            figures.put("eventsMissedByGenerator", missedByGenerator);
            return figures;
        });
        report.put("manyTests", row);
        table.add(String.format("%-44s %-34s %s", tests + " tests x 10 logs/s, 8 starting, 4 reading", "—",
                String.format("%.0f starts/s; API p50 %.1f ms, p99 %.1f ms; heap used max %.0f MB, live after GC %.0f MB "
                        + "(-Xmx%s), RSS %.0f MB; %d of %d tests within 1 %% of their due (goal: >= 200 starts/s, p99 <= 20 ms, "
                        + "heap <= 512 MB, all)",
                        (double) row.get("startsPerSecond"), (double) row.get("apiLatencyP50Ms"), (double) row.get("apiLatencyP99Ms"),
                        (double) row.get("heapUsedMaxMb"), (double) row.get("liveHeapAfterGcMaxMb"), row.get("heapLimit"),
                        (double) row.get("processRssMb"), (int) row.get("testsWithinOnePercent"), tests)));
    }

    /**
     * How late the first event of a scheduled test comes after the instant asked for (never early), and
     * how long after a cancel request its last event still arrives, measured at a sink that notes arrivals.
     */
    private void timing() throws Exception {
        Map<String, Object> row = withApp("512m", pid -> {
            try (ArrivalSink arrivals = new ArrivalSink()) {
                Map<String, Object> figures = new LinkedHashMap<>();
                List<String> scheduled = new ArrayList<>();
                List<Long> at = new ArrayList<>();
                long base = ArrivalSink.Micros.now() + 3_000_000;
                for (int i = 0; i < 40; i++) {
                    String id = "bench-at-" + i + "-" + System.nanoTime();
                    long when = base + i * 97_000L;
                    Map<String, Object> definition = definition(id, "logs", 100, 2);
                    definition.put("destination", Map.of("endpoint", arrivals.url()));
                    definition.put("schedule", Instant.ofEpochSecond(when / 1_000_000, (when % 1_000_000) * 1_000).toString());
                    if (api.post("/create-test", definition).status() != 201) {
                        throw new IllegalStateException("create-test failed for " + id);
                    }
                    scheduled.add(id);
                    at.add(when);
                }
                List<Double> late = new ArrayList<>();
                for (int i = 0; i < scheduled.size(); i++) {
                    awaitRun(scheduled.get(i), Duration.ofSeconds(30));
                    ArrivalSink.Arrivals seen = arrivals.of(scheduled.get(i));
                    late.add(seen == null ? Double.NaN : (seen.firstMicros() - at.get(i)) / 1000.0);
                }
                double[] lateness = late.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                figures.put("scheduledStartToFirstEventMs", Stats.summary(late));
                figures.put("scheduledStartToFirstEventP99Ms", percentile(lateness, 99));
                figures.put("earliestMs", lateness.length == 0 ? 0 : lateness[0]);

                List<Double> tails = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    String id = "bench-cancel-" + i + "-" + System.nanoTime();
                    Map<String, Object> definition = definition(id, "logs", 2_000, 30);
                    definition.put("destination", Map.of("endpoint", arrivals.url()));
                    definition.put("maxInFlight", 16);
                    check(api.post("/start-test", definition));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while ((arrivals.of(id) == null || arrivals.of(id).count() < 2_000) && System.nanoTime() < deadline) {
                        sleep(50);
                    }
                    long cancelAt = ArrivalSink.Micros.now();
                    api.post("/cancel-test", Map.of("testID", id));
                    awaitRun(id, Duration.ofSeconds(10));
                    sleep(500); // anything still on its way arrives meanwhile
                    tails.add((arrivals.of(id).lastMicros() - cancelAt) / 1000.0);
                }
                figures.put("cancelToLastEventMs", Stats.summary(tails));
                return figures;
            }
        });
        report.put("timing", row);
        table.add(String.format("%-44s %-34s %s", "scheduled start -> first event", "—",
                String.format("p99 %.1f ms, earliest %.1f ms (goal: p99 <= 20 ms, never early)",
                        (double) row.get("scheduledStartToFirstEventP99Ms"), (double) row.get("earliestMs"))));
        @SuppressWarnings("unchecked")
        Map<String, Object> tail = (Map<String, Object>) row.get("cancelToLastEventMs");
        table.add(String.format("%-44s %-34s %s", "cancel -> last event on the wire", "—",
                String.format("median %.1f ms, max %.1f ms (goal: <= 50 ms)", (double) tail.get("median"), (double) tail.get("max"))));
    }

    private void finish() throws Exception {
        report.put("finishedAt", Instant.now().toString());
        Path out = Path.of("bench", "results");
        Files.createDirectories(out);
        Path file = out.resolve("bench-" + Instant.now().toString().replace(':', '-') + ".json");
        Files.writeString(file, JSON.writeValueAsString(report));
        System.out.println();
        System.out.println("MoniFlux bench, " + ROUNDS + " alternating rounds per row, MoniFlux started cold from the jar each round, "
                + SECONDS + " s per measurement");
        table.forEach(System.out::println);
        System.out.println("JSON: " + file);
    }

    private Map<String, Object> definition(String testID, String signal, double rate, int seconds) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("testID", testID);
        definition.put("userID", "bench");
        definition.put("logType", "INFO");
        definition.put("logSize", 50);
        definition.put(switch (signal) {
            case "metrics" -> "metricsRate";
            case "traces" -> "traceRate";
            default -> "logRate";
        }, rate);
        definition.put("duration", seconds);
        definition.put("destination", Map.of("endpoint", sink));
        return definition;
    }

    private JsonNode awaitRun(String testID, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode test = api.get("/tests/" + testID).json();
            String status = test.path("status").asString();
            if (!"Running".equals(status) && !"Scheduled".equals(status)) {
                return test.path("progress");
            }
            sleep(1_000);
        }
        throw new IllegalStateException(testID + " did not end within " + atMost);
    }

    private long[] perSecondSent(String testID, String runID, String signal) {
        return perSecond(testID, runID, signal, "sent");
    }

    private long[] perSecond(String testID, String runID, String signal, String field) {
        List<Long> values = new ArrayList<>();
        for (JsonNode point : api.get("/tests/" + testID + "/runs/" + runID + "/timeline").json()) {
            if (signal.equals(point.path("signal").asString())) {
                values.add(point.path(field).asLong());
            }
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private String sampleLogBody() {
        String message = "x".repeat(50);
        return "{\"timestamp\":\"2026-11-25T16:00:00.123456789Z\",\"level\":\"INFO\",\"message\":\"" + message
                + "\",\"service\":\"checkout\",\"host\":\"node-0-abcd\",\"testID\":\"bench\",\"runID\":\"bench-run-1\","
                + "\"part\":0,\"seq\":123456,\"attributes\":{\"service.name\":\"checkout\",\"host.name\":\"node-0-abcd\","
                + "\"deployment.environment\":\"production\",\"cloud.region\":\"eu-west-1\"}}";
    }

    private static void check(Api.Response response) {
        if (response.status() != 200) {
            throw new IllegalStateException("start-test failed: " + response);
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    private static double median(double[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    private static double percentile(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }

    private static double rssMegabytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
