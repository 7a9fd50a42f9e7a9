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

    private final Path work;
    private final Api api;
    private final String sink;
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final List<String> table = new ArrayList<>();

    private Benchmark(Path work, Api api, String sink) {
        this.work = work;
        this.api = api;
        this.sink = sink;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Files.list(Path.of("target")).filter(p -> p.getFileName().toString().matches("moniflux-.*\\.jar"))
                .findFirst().orElseThrow(() -> new IllegalStateException("build the jar first: ./mvnw package -DskipTests"));
        String only = System.getProperty("bench.only", "throughput,accuracy,concurrency");
        Path work = Files.createDirectories(Path.of("target", "bench"));
        int sinkPort = Processes.freePort();
        int appPort = Processes.freePort();
        Process nginx = null;
        Process app = null;
        try {
            nginx = Processes.nginx(work.resolve("nginx"), sinkPort);
            app = Processes.moniflux(jar, appPort, work.resolve("moniflux.log"), System.getProperty("bench.heap", "512m"));
            Benchmark bench = new Benchmark(work, new Api(appPort), "http://127.0.0.1:" + sinkPort);
            bench.report.put("startedAt", Instant.now().toString());
            bench.report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                    "java", System.getProperty("java.version"), "os", System.getProperty("os.name")));
            if (only.contains("throughput")) {
                bench.throughput();
            }
            if (only.contains("protocols")) {
                bench.protocols();
            }
            if (only.contains("accuracy")) {
                bench.accuracy();
            }
            if (only.contains("concurrency")) {
                bench.concurrency(app.pid());
            }
            bench.finish();
        } finally {
            Processes.stop(app);
            Processes.stop(nginx);
        }
    }

    /**
     * (a) Events/s of one instance with batch 1 and batch 500, beside wrk against the same sink. The
     * machine is shared and drifts, so wrk and MoniFlux alternate for three rounds and the median of
     * the rounds' ratios is reported.
     */
    private void throughput() throws Exception {
        String body = sampleLogBody();
        int rounds = Integer.getInteger("bench.rounds", 5);
        maxRate("logs", 1, 64, 10); // warm-up: let the JIT compile the hot path before anything is measured
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> batched = new ArrayList<>();
        table.add("Throughput to nginx (return 204), one instance, after a 10 s warm-up; wrk and MoniFlux alternate, "
                + rounds + " rounds");
        table.add(String.format("  %-6s %16s %22s %10s %26s", "round", "wrk -t1 -c64 req/s", "MoniFlux batch 1 ev/s",
                "ratio", "MoniFlux batch 500 ev/s"));
        for (int round = 1; round <= rounds; round++) {
            double wrk = Processes.wrk(work, sink + "/logs", body, 1, 64, 8);
            Map<String, Object> single = maxRate("logs", 1, 64, 12);
            Map<String, Object> batch = maxRate("logs", 500, 64, 12);
            double ratio = (double) single.get("medianEventsPerSecond") / wrk;
            ratios.add(ratio);
            batched.add((double) batch.get("medianEventsPerSecond"));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("round", round);
            row.put("wrkRequestsPerSecond", wrk);
            row.put("batch1", single);
            row.put("batch500", batch);
            row.put("batch1RatioToWrk", ratio);
            rows.add(row);
            table.add(String.format("  %-6d %16.0f %22.0f %9.0f%% %26.0f", round, wrk,
                    (double) single.get("medianEventsPerSecond"), 100 * ratio, (double) batch.get("medianEventsPerSecond")));
        }
        double medianRatio = median(ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray());
        double medianBatched = median(batched.stream().mapToDouble(Double::doubleValue).sorted().toArray());
        table.add(String.format("  median ratio batch 1 / wrk: %.0f%% (target >= 60%%); median batch 500: %.0f logs/s (target >= 500,000)",
                100 * medianRatio, medianBatched));
        report.put("wrkBodyBytes", body.length());
        report.put("throughputRounds", rows);
        report.put("throughputMedianRatioBatch1ToWrk", medianRatio);
        report.put("throughputMedianBatch500EventsPerSecond", medianBatched);
        table.add("");
    }

    /** One row per destination type: events/s at batch 500 to a local sink. */
    private void protocols() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        table.add("Events/s per destination type, batch 500, to nginx (return 204), 10 s");
        for (String type : List.of("http", "otlp-http", "loki", "elasticsearch", "splunk-hec", "zipkin", "influx",
                "prometheus-remote-write")) {
            String signal = switch (type) {
                case "zipkin" -> "traces";
                case "influx", "prometheus-remote-write" -> "metrics";
                default -> "logs";
            };
            Map<String, Object> result = maxRate(signal, 500, 64, 10, Map.of("type", type));
            result.put("type", type);
            rows.add(result);
            table.add(String.format("  %-28s %-8s %14.0f events/s", type, signal, (double) result.get("medianEventsPerSecond")));
        }
        report.put("protocols", rows);
        table.add("");
    }

    private Map<String, Object> maxRate(String signal, int batch, int inFlight, int seconds) {
        return maxRate(signal, batch, inFlight, seconds, Map.of());
    }

    private Map<String, Object> maxRate(String signal, int batch, int inFlight, int seconds, Map<String, Object> destination) {
        String testID = "bench-max-" + signal + "-" + batch + "-" + destination.getOrDefault("type", "http") + "-" + System.nanoTime();
        Map<String, Object> definition = definition(testID, signal, 2_000_000, seconds);
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
        return row;
    }

    /** (b) Achieved vs target over 30 s at 1, 100, 10k and 100k events/s. */
    private void accuracy() {
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

    /** (c) 500 concurrent tests at 10 events/s each: heap used and API latency. */
    private void concurrency(long pid) throws Exception {
        int tests = Integer.getInteger("bench.tests", 500);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < tests; i++) {
            String testID = "bench-many-" + i + "-" + System.nanoTime();
            Map<String, Object> definition = definition(testID, "logs", 10, 60);
            check(api.post("/start-test", definition));
            ids.add(testID);
        }
        Thread.sleep(8_000);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        List<Double> heap = new ArrayList<>();
        List<Double> live = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
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
                live.add(api.get("/actuator/metrics/jvm.gc.live.data.size").json().path("measurements").get(0)
                        .path("value").asDouble() / (1024 * 1024));
                Thread.sleep(1_000);
            }
        }
        long running = api.get("/tests?status=Running&size=1").headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("X-Total-Count")).map(e -> Long.parseLong(e.getValue().getFirst()))
                .findFirst().orElse(-1L);
        double[] ms = latencies.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
        double rss = rssMegabytes(pid);
        long sent = 0;
        long missed = 0;
        for (String id : ids) {
            api.post("/cancel-test", Map.of("testID", id));
        }
        Thread.sleep(3_000);
        for (String id : ids) {
            JsonNode logs = api.get("/tests/" + id).json().path("progress").path("results").path("logs");
            sent += logs.path("sent").asLong();
            missed += logs.path("missed").asLong();
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("tests", tests);
        row.put("ratePerTest", 10);
        row.put("runningDuringMeasurement", running);
        row.put("apiRequests", ms.length);
        row.put("apiLatencyP50Ms", percentile(ms, 50));
        row.put("apiLatencyP99Ms", percentile(ms, 99));
        row.put("heapUsedMaxMb", heap.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        row.put("heapUsedMedianMb", median(heap.stream().mapToDouble(Double::doubleValue).sorted().toArray()));
        row.put("heapLiveAfterGcMaxMb", live.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        row.put("maxHeap", System.getProperty("bench.heap", "512m"));
        row.put("processRssMb", rss);
        row.put("eventsSent", sent);
        row.put("eventsMissed", missed);
        report.put("concurrency", row);
        table.add(tests + " concurrent tests at 10 logs/s each (batch 1) to nginx");
        table.add(String.format("  running %d; API p50 %.1f ms, p99 %.1f ms over %d requests", running, percentile(ms, 50),
                percentile(ms, 99), ms.length));
        table.add(String.format("  -Xmx%s: heap used max %.0f MB (median %.0f MB), live after GC %.0f MB, RSS %.0f MB; sent %d, missed %d",
                System.getProperty("bench.heap", "512m"), (double) row.get("heapUsedMaxMb"), (double) row.get("heapUsedMedianMb"),
                (double) row.get("heapLiveAfterGcMaxMb"), rss, sent, missed));
        table.add("");
    }

    private void finish() throws Exception {
        report.put("finishedAt", Instant.now().toString());
        Path out = Path.of("bench", "results");
        Files.createDirectories(out);
        Path file = out.resolve("bench-" + Instant.now().toString().replace(':', '-') + ".json");
        Files.writeString(file, JSON.writeValueAsString(report));
        System.out.println();
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
            if (!"Running".equals(test.path("status").asString())) {
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
