package io.moniflux.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import de.bwaldvogel.mongo.MongoServer;
import io.moniflux.config.EmbeddedMongo;
import io.moniflux.support.Api;
import io.moniflux.support.EventStream;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Runs;
import io.moniflux.support.Scenario;
import io.moniflux.support.TcpProxy;
import tools.jackson.databind.JsonNode;

/**
 * Three replicas on one database, as behind a Kubernetes Service: any replica answers, exactly one runs
 * each part, and none loses a test.
 */
@Tag("cluster")
class ClusterTest {

    static MongoServer database;
    static String uri;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static ConfigurableApplicationContext c;

    @BeforeAll
    static void startCluster() {
        database = EmbeddedMongo.start(null, 0);
        uri = "mongodb://127.0.0.1:" + database.getLocalAddress().getPort() + "/cluster";
        a = Instances.start(uri, "replica-a");
        b = Instances.start(uri, "replica-b");
        c = Instances.start(uri, "replica-c");
    }

    @AfterAll
    static void stopCluster() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {a, b, c}) {
            if (context != null && context.isActive()) {
                context.close();
            }
        }
        database.shutdownNow();
    }

    @Test
    void aCancelThroughBStopsARunOwnedByAWithinOneSecond() {
        try (HttpSink sink = new HttpSink().countingOnly()) {
            Scenario scenario = Scenario.to("cancel-b", Map.of("endpoint", sink.url())).with("logRate", 100).with("duration", 60);
            assertThat(Instances.api(a).post("/start-test", scenario.definition()).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.count() > 50);
            assertThat(owners(Instances.api(b), scenario)).containsExactly("replica-a");

            assertThat(Instances.api(b).post("/cancel-test", Map.of("testID", scenario.testID())).status()).isEqualTo(200);
            long cancelledAt = System.nanoTime();

            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20)).until(() -> quietFor(sink, Duration.ofMillis(300)));
            long stoppedAfterMillis = (lastArrival - cancelledAt) / 1_000_000;
            assertThat(stoppedAfterMillis).as("last request after the cancel, ms").isLessThan(1_000);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Instances.api(c).get("/tests/" + scenario.testID() + "/runs")
                    .json().get(0).path("status").asString()).isEqualTo("Cancelled"));
        }
    }

    @Test
    void theProgressStreamOfARunOwnedByAIsServedByC() {
        try (HttpSink sink = new HttpSink().countingOnly()) {
            Scenario scenario = Scenario.to("stream-c", Map.of("endpoint", sink.url())).with("logRate", 100).with("duration", 4);
            assertThat(Instances.api(a).post("/start-test", scenario.definition()).status()).isEqualTo(200);

            try (EventStream stream = Instances.api(c).stream("/tests/" + scenario.testID() + "/stream")) {
                List<EventStream.Event> events = stream.untilClosed(Duration.ofSeconds(20));
                assertThat(owners(Instances.api(c), scenario)).containsExactly("replica-a");
                List<EventStream.Event> progress = events.stream().filter(e -> e.name().equals("progress")).toList();
                assertThat(progress.size()).isGreaterThanOrEqualTo(2);
                assertThat(progress.stream().map(e -> e.data().path("second").asLong(-1)).max(Long::compare).orElseThrow())
                        .isGreaterThanOrEqualTo(1);
                assertThat(events.getLast().name()).isEqualTo("end");
                assertThat(events.getLast().data().path("signals").path("logs").path("sent").asLong()).isEqualTo(sink.count()).isEqualTo(400);
            }
        }
    }

    @Test
    void ratesChangedThroughCReachTheOwnerOnA() {
        try (HttpSink sink = new HttpSink().countingOnly()) {
            Scenario scenario = Scenario.to("rates-c", Map.of("endpoint", sink.url())).with("logRate", 20).with("duration", 6);
            Instances.api(a).post("/start-test", scenario.definition());
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.count() > 10);
            assertThat(Instances.api(c).patch("/tests/" + scenario.testID() + "/rates", Map.of("logRate", 200)).status()).isEqualTo(200);
            long changed = sink.count();

            // at the old 20/s, 300 more would take 15 s, longer than the run
            await().atMost(Duration.ofSeconds(4)).until(() -> sink.count() - changed > 300);
            Runs.awaitEnd(Instances.api(b), scenario.testID(), Duration.ofSeconds(15));
        }
    }

    @Test
    void aRunSurvivesAGracefulShutdownOfItsOwner() {
        try (HttpSink sink = new HttpSink().countingOnly()) {
            ConfigurableApplicationContext d = Instances.start(uri, "replica-d");
            Scenario scenario = Scenario.to("handover", Map.of("endpoint", sink.url())).with("logRate", 50).with("duration", 6);
            Instances.api(d).post("/start-test", scenario.definition());
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.count() > 50);
            assertThat(owners(Instances.api(a), scenario)).containsExactly("replica-d");

            d.close(); // what SIGTERM does: persist, release, leave

            JsonNode done = Runs.awaitEnd(Instances.api(a), scenario.testID(), Duration.ofSeconds(30));
            assertThat(done.path("status").asString()).isEqualTo("Completed");
            assertThat(owners(Instances.api(a), scenario)).hasSize(1).doesNotContain("replica-d");
            long sent = Scenario.sent(done, "logs");
            assertThat(sent).as("the receiver got exactly what the run counts").isEqualTo(sink.count());
            assertThat(sent).as("the whole duration at 50/s, no event twice").isEqualTo(300);
        }
    }

    @Test
    void aReplicaThatDiesHasItsRunFinishedByAnotherWhichSaysWhatItMayHaveSentTwice() throws Exception {
        Instances.Child dying = Instances.startProcess(uri, "replica-e", Path.of("target", "replica-e.log"));
        try (HttpSink sink = new HttpSink()) {
            Scenario scenario = Scenario.to("crash", Map.of("endpoint", sink.url())).with("logRate", 50).with("duration", 10);
            assertThat(dying.api().post("/start-test", scenario.definition()).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.count() > 100);
            assertThat(owners(Instances.api(a), scenario)).containsExactly("replica-e");

            dying.kill(); // kill -9: no shutdown, no release; the lease has to run out
            Instant killed = Instant.now();

            await().atMost(Duration.ofSeconds(15)).until(() -> !owners(Instances.api(a), scenario).contains("replica-e"));
            assertThat(Duration.between(killed, Instant.now())).as("claimed once the 3 s lease ran out").isLessThan(Duration.ofSeconds(8));
            JsonNode done = Runs.awaitEnd(Instances.api(b), scenario.testID(), Duration.ofSeconds(30));
            assertThat(done.path("status").asString()).isEqualTo("Completed");
            long counted = Scenario.sent(done, "logs");
            // what the dead replica sent after its last persisted progress reached the receiver but not the
            // run's counters: sent twice, once by each owner
            assertThat(sink.count() - counted).isBetween(0L, 50L);
            assertThat(done.path("progress").path("elapsed").asDouble()).isEqualTo(10.0);

            JsonNode replays = done.path("progress").path("replays");
            assertThat(replays.size()).as(done.toString()).isEqualTo(1);
            JsonNode replay = replays.get(0);
            assertThat(replay.path("previousOwner").asString()).isEqualTo("replica-e");
            assertThat(replay.path("signal").asString()).isEqualTo("logs");
            // the 2 s renew deadline at 50/s, the event due at the deadline itself included
            assertThat(replay.path("events").asLong()).as("at most the 2 s renew deadline at 50/s").isBetween(1L, 101L);
            List<Long> twice = duplicatedSeqs(sink);
            assertThat(twice).as("every seq that arrived twice lies in the window the run names")
                    .allSatisfy(seq -> assertThat(seq).isBetween(replay.path("fromSeq").asLong(), replay.path("toSeq").asLong()));
            // beyond the duplicates, what was in flight at the checkpoint: attempted (so not sent again) but not yet answered
            assertThat(sink.count() - counted).isBetween((long) twice.size(), twice.size() + 5L);
            String report = Instances.api(c).withHeader("Accept", "text/html")
                    .get("/tests/" + scenario.testID() + "/runs/" + scenario.runID() + "/report").body();
            assertThat(report).contains("taken over from replica-e");
        } finally {
            dying.kill();
        }
    }

    @Test
    void aReplicaCutOffFromTheDatabaseStopsSendingBeforeAnotherTakesItsPartOver() throws Exception {
        try (TcpProxy link = new TcpProxy(database.getLocalAddress().getPort()); HttpSink sink = new HttpSink()) {
            Instances.Child isolated = Instances.startProcess("mongodb://127.0.0.1:" + link.port() + "/cluster", "replica-i",
                    Path.of("target", "replica-i.log"));
            try {
                Scenario scenario = Scenario.to("partition", Map.of("endpoint", sink.url())).with("logRate", 50).with("duration", 14);
                assertThat(isolated.api().post("/start-test", scenario.definition()).status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).until(() -> sink.count() > 100);
                assertThat(owners(Instances.api(a), scenario)).containsExactly("replica-i");

                link.cut(); // the replica still reaches the destination, but not the database

                JsonNode done = Runs.awaitEnd(Instances.api(b), scenario.testID(), Duration.ofSeconds(40));
                assertThat(done.path("status").asString()).isEqualTo("Completed");
                assertThat(owners(Instances.api(a), scenario)).doesNotContain("replica-i");
                List<Long> twice = duplicatedSeqs(sink);
                // without the renew deadline the isolated replica would send every event of the rest of the run a second time
                assertThat((long) twice.size()).as("sent twice: at most what the 2 s renew deadline lets through at 50/s")
                        .isLessThanOrEqualTo(110L);
                JsonNode replay = done.path("progress").path("replays").get(0);
                assertThat(replay.path("previousOwner").asString()).isEqualTo("replica-i");
                assertThat(twice).allSatisfy(seq -> assertThat(seq).isBetween(replay.path("fromSeq").asLong(), replay.path("toSeq").asLong()));
                assertThat(sink.count() - Scenario.sent(done, "logs")).as("what arrived beyond the run's count: the duplicates, "
                        + "and what was in flight at the checkpoint").isBetween((long) twice.size(), twice.size() + 5L);
            } finally {
                isolated.kill();
            }
        }
    }

    /** The seqs that arrived more than once, one entry per extra arrival. */
    private static List<Long> duplicatedSeqs(HttpSink sink) {
        Set<Long> seen = new HashSet<>();
        List<Long> twice = new java.util.ArrayList<>();
        sink.received().forEach(request -> {
            long seq = Api.parse(request.text()).path("seq").asLong();
            if (!seen.add(seq)) {
                twice.add(seq);
            }
        });
        return twice;
    }

    @Test
    void aReplicaThatDiesWhileARunSettlesHasItsVerificationAndWebhookDoneByAnother() throws Exception {
        Instances.Child dying = Instances.startProcess(uri, "replica-f", Path.of("target", "replica-f.log"));
        try (HttpSink zipkin = new HttpSink().countingOnly(); HttpSink hook = new HttpSink()) {
            // the backend cannot be asked (nothing listens on port 1), so the verification ends not-verifiable
            Scenario scenario = Scenario.to("settling", Map.of("type", "zipkin", "endpoint", zipkin.url())).with("traceRate", 10)
                    .with("duration", 2).with("verify", Map.of("settle", 6, "endpoint", "http://127.0.0.1:1"))
                    .with("webhook", Map.of("url", hook.url()));
            assertThat(dying.api().post("/start-test", scenario.definition()).status()).isEqualTo(200);
            String run = "/tests/" + scenario.testID() + "/runs/" + scenario.runID();
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> "pending".equals(Instances.api(a).get(run).json().path("verification").path("status").asString()));
            assertThat(Instances.api(a).get(run).json().path("status").asString()).isEqualTo("Completed");

            dying.kill(); // during the settle time, before the backend was asked and the webhook called

            await().atMost(Duration.ofSeconds(20)).until(() -> hook.count() > 0);
            JsonNode verified = Instances.api(b).get(run).json();
            assertThat(verified.path("verification").path("status").asString()).isEqualTo("not-verifiable");
            assertThat(verified.path("verification").path("signals").path("traces").path("reason").asString()).contains("127.0.0.1:1");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> hook.count() == 1);
            assertThat(hook.received()).as("one call, from one of the replicas left").singleElement()
                    .satisfies(call -> assertThat(Api.parse(call.text()).path("verification").path("status").asString())
                            .isEqualTo("not-verifiable"));
            assertThat(Instances.api(c).get(run).json().path("notifications").get(0).path("delivered").asBoolean()).isTrue();
        } finally {
            dying.kill();
        }
    }

    @Test
    void aCapacitySearchWhoseReplicaDiesIsCarriedOnByAnotherFromItsLastStep() throws Exception {
        Instances.Child dying = Instances.startProcess(uri, "replica-g", Path.of("target", "replica-g.log"));
        int ceiling = 300;
        long[] window = new long[2]; // the wall-clock second, and the requests answered in it
        try (HttpSink limited = new HttpSink().answering(request -> {
            synchronized (window) {
                long second = System.currentTimeMillis() / 1000;
                if (window[0] != second) {
                    window[0] = second;
                    window[1] = 0;
                }
                return new HttpSink.Answer(++window[1] > ceiling ? 503 : 200, "text/plain", new byte[0]);
            }
        })) {
            Scenario scenario = Scenario.to("search-failover", Map.of("endpoint", limited.url())).with("duration", 90)
                    .with("thresholds", List.of(Map.of("metric", "errorRate", "signal", "logs", "max", 0.02, "window", 2)))
                    .with("capacity", Map.of("signal", "logs", "start", 50, "factor", 2, "stepDuration", 2, "warmup", 0,
                            "ceiling", 3200, "precision", 0.05));
            assertThat(dying.api().post("/start-test", scenario.definition()).status()).isEqualTo(200);
            String run = "/tests/" + scenario.testID() + "/runs/" + scenario.runID();
            await().atMost(Duration.ofSeconds(30)).until(() -> Instances.api(a).get(run).json().path("capacity").path("steps").size() >= 3);

            dying.kill();

            JsonNode done = Runs.awaitEnd(Instances.api(b), scenario.testID(), Duration.ofSeconds(60));
            assertThat(done.path("status").asString()).isEqualTo("Completed");
            JsonNode capacity = Instances.api(c).get(run).json().path("capacity");
            List<Double> rates = capacity.path("steps").findValues("rate").stream().map(JsonNode::asDouble).toList();
            assertThat(rates).as("one search, carried on after the failover rather than begun again").startsWith(50.0, 100.0, 200.0)
                    .containsOnlyOnce(50.0, 100.0, 200.0);
            assertThat(capacity.path("steps").findValues("step").stream().map(JsonNode::asInt).toList())
                    .isEqualTo(IntStream.rangeClosed(1, rates.size()).boxed().toList());
            assertThat(capacity.path("finished").asBoolean()).as(capacity.toString()).isTrue();
            assertThat(capacity.path("sustainedRate").asDouble()).as(capacity.toString()).isBetween(ceiling * 0.8, ceiling * 1.0);
        } finally {
            dying.kill();
        }
    }

    @Test
    void aRunWhoseRateChangedLiveNumbersItsEventsOnWithoutAGapAfterAFailover() throws Exception {
        Instances.Child dying = Instances.startProcess(uri, "replica-h", Path.of("target", "replica-h.log"));
        try (HttpSink sink = new HttpSink()) {
            Scenario scenario = Scenario.to("renumber", Map.of("endpoint", sink.url())).with("logRate", 40).with("duration", 12);
            assertThat(dying.api().post("/start-test", scenario.definition()).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.received().size() >= 80);
            assertThat(Instances.api(a).patch("/tests/" + scenario.testID() + "/rates", Map.of("logRate", 80)).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.received().size() >= 80 + 200);

            dying.kill();

            JsonNode done = Runs.awaitEnd(Instances.api(b), scenario.testID(), Duration.ofSeconds(40));
            assertThat(done.path("status").asString()).isEqualTo("Completed");
            assertThat(owners(Instances.api(a), scenario)).doesNotContain("replica-h");
            Set<Long> seqs = new HashSet<>();
            sink.received().forEach(request -> seqs.add(Api.parse(request.text()).path("seq").asLong()));
            long last = seqs.stream().mapToLong(Long::longValue).max().orElseThrow();
            List<Long> missing = LongStream.rangeClosed(0, last).filter(seq -> !seqs.contains(seq)).boxed().toList();
            assertThat(missing).as("sequence numbers never sent (the resumed part must number on from the changed rate)").isEmpty();
            // 40/s until the change, 80/s after it: the last number says where the rate changed, not a constant 80/s
            assertThat(last).isLessThan(80 * 12 - 1);
        } finally {
            dying.kill();
        }
    }

    @Test
    void aScheduleFiresExactlyOnceAcrossTheReplicas() {
        try (HttpSink sink = new HttpSink().countingOnly()) {
            Instant at = Instant.now().plusSeconds(3);
            Scenario scenario = Scenario.to("once", Map.of("endpoint", sink.url())).with("logRate", 10).with("duration", 1);
            Instances.api(a).post("/create-test", scenario.definition());
            assertThat(Instances.api(b).post("/schedule-test", Map.of("testID", scenario.testID(), "schedule", at.toString()))
                    .status()).isEqualTo(200);

            JsonNode done = await().atMost(Duration.ofSeconds(15)).until(() -> Instances.api(c).get("/tests/" + scenario.testID()).json(),
                    test -> "Completed".equals(test.path("status").asString()));

            assertThat(done.path("runCount").asInt()).isEqualTo(1);
            assertThat(Instances.api(a).get("/tests/" + scenario.testID() + "/runs").json().size()).isEqualTo(1);
            Instant started = Instant.parse(done.path("progress").path("startedAt").asString());
            assertThat(Duration.between(at, started)).as("started at the scheduled instant").isBetween(Duration.ZERO, Duration.ofMillis(500));
            assertThat(sink.count()).isEqualTo(10);
        }
    }

    @Test
    void threeWorkersSpreadOverTheReplicasAndTheirResultsMerge() {
        try (HttpSink sink = new HttpSink().countingOnly()) {
            Scenario scenario = Scenario.to("workers", Map.of("endpoint", sink.url())).with("logRate", 60).with("duration", 4)
                    .with("workers", 3);
            Instances.api(b).post("/start-test", scenario.definition());
            await().atMost(Duration.ofSeconds(6)).until(() -> ownedParts(Instances.api(a), scenario) == 3);
            Set<String> owners = owners(Instances.api(a), scenario);

            JsonNode done = Runs.awaitEnd(Instances.api(c), scenario.testID(), Duration.ofSeconds(20));

            assertThat(owners).as("parts on more than one replica").hasSizeGreaterThan(1);
            assertThat(Scenario.sent(done, "logs")).isEqualTo(sink.count()).isBetween(238L, 240L);
            JsonNode latency = Runs.results(done, "logs").path("latency");
            assertThat(latency.path("count").asLong()).as("merged histograms count every request").isEqualTo(sink.count());
        }
    }

    @Test
    void aCronScheduleRunsEveryFiringUntilCancelled() {
        try (HttpSink sink = new HttpSink().countingOnly()) {
            Scenario scenario = Scenario.to("cron", Map.of("endpoint", sink.url())).with("logRate", 5).with("duration", 1);
            Instances.api(a).post("/create-test", scenario.definition());
            Instances.api(b).post("/schedule-test", Map.of("testID", scenario.testID(), "cron", "*/2 * * * * *"));

            await().atMost(Duration.ofSeconds(15)).until(() -> Instances.api(c).get("/tests/" + scenario.testID() + "/runs").json().size() >= 2);
            Api.Response cancelled = Instances.api(c).post("/cancel-test", Map.of("testID", scenario.testID()));
            assertThat(cancelled.status()).isEqualTo(200);
            int runs = Instances.api(a).get("/tests/" + scenario.testID() + "/runs").json().size();

            // two firings' worth of time, every 2 s, without a new run
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5))
                    .until(() -> Instances.api(b).get("/tests/" + scenario.testID() + "/runs").json().size() == runs);

            JsonNode test = Instances.api(a).get("/tests/" + scenario.testID()).json();
            assertThat(test.path("status").asString()).isEqualTo("Cancelled");
            assertThat(test.has("cron")).isFalse();
            assertThat(Instances.api(a).get("/tests/" + scenario.testID() + "/runs").json().size()).isEqualTo(runs);
        }
    }

    @Test
    void actuatorShowsEachReplicasIdAndParts() {
        JsonNode info = Instances.api(b).get("/actuator/info").json();
        assertThat(info.path("replica").path("id").asString()).isEqualTo("replica-b");
        assertThat(info.path("replica").has("runningParts")).isTrue();
    }

    private static volatile long lastArrival;

    private static boolean quietFor(HttpSink sink, Duration quiet) {
        long count = sink.count();
        long now = System.nanoTime();
        if (count != lastCount) {
            lastCount = count;
            lastArrival = now;
            return false;
        }
        return now - lastArrival > quiet.toNanos();
    }

    private static long lastCount = -1;

    private static long ownedParts(Api api, Scenario scenario) {
        long owned = 0;
        for (JsonNode part : api.get("/tests/" + scenario.testID()).json().path("progress").path("parts")) {
            owned += part.hasNonNull("owner") ? 1 : 0;
        }
        return owned;
    }

    private static Set<String> owners(Api api, Scenario scenario) {
        Set<String> owners = new HashSet<>();
        JsonNode progress = api.get("/tests/" + scenario.testID()).json().path("progress");
        for (JsonNode part : progress.path("parts")) {
            if (part.hasNonNull("owner")) {
                owners.add(part.path("owner").asString());
            }
        }
        return owners;
    }


    static List<String> list(String... values) {
        return List.of(values);
    }
}
