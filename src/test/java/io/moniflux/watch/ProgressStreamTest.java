package io.moniflux.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.EventStream;
import io.moniflux.support.EventStream.Event;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Runs;
import io.moniflux.support.Scenario;
import tools.jackson.databind.JsonNode;

/** GET /tests/{testID}/stream over real HTTP: what a curl user or the dashboard sees while a test runs. */
@FullStackTest
class ProgressStreamTest {

    static final HttpSink receiver = new HttpSink().countingOnly();

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterAll
    static void closeReceiver() {
        receiver.close();
    }

    private Scenario scenario(String prefix, int duration) {
        return Scenario.to(prefix, Map.of("endpoint", receiver.url())).with("duration", duration).with("logRate", 100)
                .with("traceRate", 20);
    }

    @Test
    void sendsAProgressEventASecondWhileTheRunGoesThenItsEndAndCloses() {
        Scenario test = scenario("stream", 6);
        assertThat(api.post("/start-test", test.definition()).status()).isEqualTo(200);

        List<Event> events;
        try (EventStream stream = api.stream("/tests/" + test.testID() + "/stream")) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            events = stream.untilClosed(Duration.ofSeconds(30));
            assertThat(stream.closedByServer(Duration.ofSeconds(2))).as("the server closes the stream after the end").isTrue();
        }

        List<Event> progress = events.stream().filter(e -> e.name().equals("progress")).toList();
        Event end = events.getLast();
        assertThat(end.name()).isEqualTo("end");
        assertThat(events.stream().filter(e -> e.name().equals("end"))).hasSize(1);
        // one a second for about the run's 6 s, give or take the first and the last
        assertThat(progress.size()).isBetween(4, 9);
        // while the run goes, a second's frame comes a second after the previous one's (the last ones come with the end)
        List<Event> live = progress.stream().filter(e -> e.data().has("second") && e.data().path("second").asLong() <= 3).toList();
        List<Long> gaps = IntStream.range(1, live.size())
                .mapToObj(i -> (live.get(i).arrivedNanos() - live.get(i - 1).arrivedNanos()) / 1_000_000).sorted().toList();
        assertThat(gaps.get(gaps.size() / 2)).as("median gap between seconds, ms").isBetween(800L, 1200L);

        // every second of the run once, in order, each shown about a second after it closed
        List<Long> seconds = progress.stream().filter(e -> e.data().has("second")).map(e -> e.data().path("second").asLong()).toList();
        assertThat(seconds).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(progress.stream().filter(e -> e.data().has("second")))
                .allSatisfy(e -> assertThat(e.data().path("elapsed").asDouble() - e.data().path("second").asLong())
                        .as("elapsed - second of %s", e.data()).isLessThan(2.0));
        assertThat(end.data().path("second").asLong()).as("the end frame names the run's last second").isEqualTo(5);

        long lastSecond = -1;
        long lastSent = 0;
        for (Event event : progress) {
            JsonNode frame = event.data();
            assertThat(frame.path("testID").asString()).isEqualTo(test.testID());
            assertThat(frame.path("runID").asString()).isEqualTo(test.runID());
            assertThat(frame.path("status").asString()).isEqualTo("Running");
            assertThat(frame.path("signals").propertyNames()).containsExactlyInAnyOrder("logs", "traces");
            JsonNode logs = frame.path("signals").path("logs");
            assertThat(logs.path("targetRate").asDouble()).isEqualTo(100.0);
            for (String field : List.of("achievedRate", "sent", "failed", "missed", "attempted", "p50", "p99")) {
                assertThat(logs.has(field)).as(field).isTrue();
            }
            assertThat(logs.path("sent").asLong()).isGreaterThanOrEqualTo(lastSent);
            lastSent = logs.path("sent").asLong();
            if (frame.has("second")) {
                assertThat(frame.path("second").asLong()).isGreaterThanOrEqualTo(lastSecond);
                lastSecond = frame.path("second").asLong();
            }
        }
        assertThat(lastSecond).as("the last second reported live").isGreaterThanOrEqualTo(3);
        // seconds the destination kept up with: the achieved rate is the target's
        List<Double> achieved = progress.stream().filter(e -> e.data().path("second").asLong(-1) >= 1)
                .map(e -> e.data().path("signals").path("logs").path("achievedRate").asDouble()).sorted().toList();
        assertThat(achieved).isNotEmpty();
        assertThat(achieved.get(achieved.size() / 2)).isBetween(90.0, 110.0);
        assertThat(progress.stream().filter(e -> e.data().path("second").asLong(-1) >= 1)
                .map(e -> e.data().path("signals").path("logs").path("p99"))).allMatch(p99 -> p99.isNull() || p99.asDouble() >= 0);

        JsonNode last = end.data();
        JsonNode results = Runs.awaitEnd(api, test.testID(), Duration.ofSeconds(10));
        assertThat(last.path("status").asString()).isEqualTo("Completed");
        for (String signal : List.of("logs", "traces")) {
            JsonNode expected = Runs.results(results, signal);
            JsonNode actual = last.path("signals").path(signal);
            assertThat(actual.path("sent").asLong()).as(signal).isEqualTo(expected.path("sent").asLong());
            assertThat(actual.path("failed").asLong()).isEqualTo(expected.path("failed").asLong());
            assertThat(actual.path("missed").asLong()).isEqualTo(expected.path("missed").asLong());
            assertThat(actual.path("p99").asDouble()).isEqualTo(expected.path("latency").path("p99").asDouble());
        }
        assertThat(last.path("signals").path("logs").path("sent").asLong()).isEqualTo(600);
        assertThat(last.path("signals").path("logs").path("achievedRate").asDouble()).isEqualTo(100.0);
    }

    @Test
    void waitsWhileATestIsPendingThenFollowsItsRun() {
        Scenario test = scenario("stream-wait", 3);
        assertThat(api.post("/create-test", test.definition()).status()).isEqualTo(201);

        try (EventStream stream = api.stream("/tests/" + test.testID() + "/stream")) {
            Event first = stream.next(Duration.ofSeconds(5));
            assertThat(first.name()).isEqualTo("waiting");
            assertThat(first.data().path("status").asString()).isEqualTo("Pending");
            assertThat(stream.next(Duration.ofSeconds(3)).name()).as("it keeps saying so").isEqualTo("waiting");

            assertThat(api.post("/start-test", Map.of("testID", test.testID())).status()).isEqualTo(200);
            List<Event> rest = stream.untilClosed(Duration.ofSeconds(20));
            assertThat(rest.stream().map(Event::name)).contains("progress").endsWith("end");
            assertThat(rest.getLast().data().path("runID").asString()).isEqualTo(test.runID());
        }
    }

    @Test
    void streamsOpenedAroundStartsWaitThenFollowTheRunToItsEnd() throws Exception {
        int tests = 24;
        List<Future<List<Event>>> streams = new ArrayList<>();
        List<String> runIDs = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < tests; i++) {
                Scenario test = scenario("stream-start", 2);
                runIDs.add(test.runID());
                assertThat(api.post("/create-test", test.definition()).status()).isEqualTo(201);
                CountDownLatch watching = new CountDownLatch(1);
                // one stream already watching the pending test, one opened while it starts
                streams.add(pool.submit(() -> {
                    try (EventStream stream = api.stream("/tests/" + test.testID() + "/stream")) {
                        stream.next(Duration.ofSeconds(5));
                        watching.countDown();
                        List<Event> events = new ArrayList<>(stream.seen());
                        events.addAll(stream.untilClosed(Duration.ofSeconds(30)));
                        return events;
                    }
                }));
                watching.await(10, TimeUnit.SECONDS);
                pool.submit(() -> api.post("/start-test", Map.of("testID", test.testID())));
                streams.add(pool.submit(() -> {
                    try (EventStream stream = api.stream("/tests/" + test.testID() + "/stream")) {
                        return stream.untilClosed(Duration.ofSeconds(30));
                    }
                }));
            }
            for (int i = 0; i < streams.size(); i++) {
                List<Event> events = streams.get(i).get(60, TimeUnit.SECONDS);
                String runID = runIDs.get(i / 2);
                assertThat(events).as("stream %d", i).isNotEmpty();
                Event last = events.getLast();
                assertThat(last.name()).as("stream %d ends with the run's end: %s", i, events).isEqualTo("end");
                assertThat(last.data().path("status").asString()).as("stream %d", i).isEqualTo("Completed");
                assertThat(last.data().path("runID").asString()).as("stream %d", i).isEqualTo(runID);
                assertThat(events.subList(0, events.size() - 1)).as("stream %d", i)
                        .allSatisfy(event -> assertThat(event.name()).isIn("waiting", "progress"));
                assertThat(events.stream().filter(e -> e.name().equals("progress"))).as("stream %d sees the run", i).isNotEmpty();
            }
        }
    }

    @Test
    void aCancelledRunEndsTheStreamWithItsStatusAndReason() {
        Scenario test = scenario("stream-cancel", 60);
        assertThat(api.post("/start-test", test.definition()).status()).isEqualTo(200);
        try (EventStream stream = api.stream("/tests/" + test.testID() + "/stream")) {
            assertThat(stream.next(Duration.ofSeconds(5)).name()).isEqualTo("progress");
            assertThat(api.post("/cancel-test", Map.of("testID", test.testID())).status()).isEqualTo(200);

            List<Event> rest = stream.untilClosed(Duration.ofSeconds(10));
            Event end = rest.getLast();
            assertThat(end.name()).isEqualTo("end");
            assertThat(end.data().path("status").asString()).isEqualTo("Cancelled");
            assertThat(end.data().path("signals").path("logs").path("sent").asLong()).isPositive();
        }
    }

    @Test
    void aFinishedTestAnswersWithItsLastRunsEndAtOnce() {
        Scenario test = scenario("stream-done", 1);
        test.run(api, Duration.ofSeconds(15));

        try (EventStream stream = api.stream("/tests/" + test.testID() + "/stream")) {
            List<Event> events = stream.untilClosed(Duration.ofSeconds(5));
            assertThat(events).hasSize(1);
            assertThat(events.getFirst().name()).isEqualTo("end");
            assertThat(events.getFirst().data().path("status").asString()).isEqualTo("Completed");
            assertThat(events.getFirst().data().path("signals").path("logs").path("sent").asLong()).isEqualTo(100);
        }
    }

    @Test
    void needsATokenAndShowsNobodyElsesTests() {
        Scenario test = scenario("stream-private", 1);
        assertThat(api.post("/create-test", test.definition()).status()).isEqualTo(201);

        try (EventStream anonymous = Api.anonymous(port).stream("/tests/" + test.testID() + "/stream")) {
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.errorBody()).contains("unauthenticated");
        }
        String bob = api.post("/admin/tokens", Map.of("name", "bob-stream", "owner", "bob", "roles", List.of("operator")))
                .json().path("token").asString();
        try (EventStream others = Api.withToken(port, bob).stream("/tests/" + test.testID() + "/stream")) {
            assertThat(others.status()).isEqualTo(404);
            assertThat(others.errorBody()).contains("test-not-found");
        }
        try (EventStream missing = api.stream("/tests/no-such-test/stream")) {
            assertThat(missing.status()).isEqualTo(404);
        }
    }
}
