package io.moniflux.loadtest;

import static io.moniflux.loadtest.TestBodies.definition;
import static io.moniflux.loadtest.TestBodies.id;
import static io.moniflux.loadtest.TestBodies.uniqueId;
import static io.moniflux.loadtest.TestBodies.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import io.moniflux.delivery.HttpOptions;
import io.moniflux.support.Api;
import io.moniflux.support.Api.Response;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Runs;
import tools.jackson.databind.JsonNode;

/** The Go-compatible lifecycle API over real HTTP against the embedded database. */
@FullStackTest
class LoadTestApiTest {

    static final HttpSink receiver = new HttpSink().countingOnly();

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterAll
    static void closeReceiver() {
        receiver.close();
    }

    @Test
    void createsATestInStatusPendingWithTheGoServiceFieldNames() {
        String testID = uniqueId("create");
        Response created = api.post("/create-test", definition(testID, receiver.url()));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/tests/" + testID);
        JsonNode test = created.json();
        assertThat(test.path("testID").asString()).isEqualTo(testID);
        assertThat(test.path("userID").asString()).isEqualTo("user123");
        assertThat(test.path("logType").asString()).isEqualTo("INFO");
        assertThat(test.path("logRate").asDouble()).isEqualTo(2.0);
        assertThat(test.path("logSize").asInt()).isEqualTo(50);
        assertThat(test.path("metricsRate").asDouble()).isEqualTo(1.0);
        assertThat(test.path("traceRate").asDouble()).isEqualTo(1.0);
        assertThat(test.path("duration").asInt()).isEqualTo(600);
        assertThat(test.path("status").asString()).isEqualTo("Pending");
        assertThat(test.path("destination").path("endpoint").asString()).isEqualTo(receiver.url());

        Response fetched = api.get("/tests/" + testID);
        assertThat(fetched.status()).isEqualTo(200);
        test.propertyNames().forEach(name -> assertThat(fetched.json().path(name)).as(name).isEqualTo(test.path(name)));
        assertThat(fetched.json().path("runs").isEmpty()).isTrue();
    }

    @Test
    void theListFiltersByTextInTheTestIdOnTheServerAcrossPages() {
        String marker = "Needle." + System.nanoTime();
        for (String id : List.of("a-" + marker + "-1", "b-" + marker.toLowerCase() + "-2", "c-other-" + System.nanoTime())) {
            assertThat(api.post("/create-test", definition(id, receiver.url())).status()).isEqualTo(201);
        }

        Response found = api.get("/tests?size=1&idContains=" + marker.toUpperCase());

        assertThat(found.header("X-Total-Count")).as("case-insensitive, every page").isEqualTo("2");
        assertThat(found.json().size()).isEqualTo(1);
        assertThat(api.get("/tests?idContains=.*").header("X-Total-Count")).as("the text is literal, not a pattern").isEqualTo("0");
    }

    @Test
    void aTestIsDeletedWithItsRunsPartsAndTimelinesButNotWhileItRuns() {
        String testID = uniqueId("delete");
        Map<String, Object> definition = definition(testID, receiver.url());
        definition.put("duration", 1);
        definition.put("metricsRate", 0);
        definition.put("traceRate", 0);
        assertThat(api.post("/start-test", definition).status()).isEqualTo(200);
        Response refused = api.delete("/tests/" + testID);
        JsonNode ended = Runs.awaitEnd(api, testID, Duration.ofSeconds(15));
        String runID = ended.path("currentRunID").asString();

        assertThat(refused.status()).as("while it runs").isEqualTo(400);
        assertThat(refused.code()).isEqualTo("test-not-deletable");
        assertThat(mongo.count(Query.query(Criteria.where("runID").is(runID)), "run_timeline")).isPositive();

        Response deleted = api.delete("/tests/" + testID);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.get("/tests/" + testID).status()).isEqualTo(404);
        assertThat(mongo.count(Query.query(Criteria.where("testID").is(testID)), "test_runs")).isZero();
        assertThat(mongo.count(Query.query(Criteria.where("runID").is(runID)), "run_parts")).isZero();
        assertThat(mongo.count(Query.query(Criteria.where("runID").is(runID)), "run_timeline")).isZero();
        assertThat(api.delete("/tests/" + testID).status()).isEqualTo(404);
    }

    @Test
    void neverReturnsTheApiKeyOrHeaderValuesButKeepsThemWhenTheMaskIsSentBack() {
        String testID = uniqueId("secret");
        Map<String, Object> definition = definition(testID, receiver.url());
        definition.put("destination", Map.of("name", "local-receiver", "endpoint", receiver.url(), "apiKey", "test-api-key",
                "headers", Map.of("X-Token", "header-secret")));
        Response created = api.post("/create-test", definition);
        assertThat(created.body()).doesNotContain("header-secret");
        assertThat(created.json().path("destination").path("headers").path("X-Token").asString()).isEqualTo("****");

        assertThat(created.body()).doesNotContain("test-api-key");
        assertThat(created.json().path("destination").path("apiKey").asString()).isEqualTo("****");
        assertThat(api.get("/tests/" + testID).body()).doesNotContain("test-api-key");
        assertThat(api.get("/tests?userID=user123&size=500").body()).doesNotContain("test-api-key");

        Map<String, Object> edited = definition(testID, receiver.url());
        edited.put("destination", Map.of("name", "local-receiver", "endpoint", receiver.url(), "apiKey", "****",
                "headers", Map.of("X-Token", "****", "X-New", "plain")));
        edited.put("logRate", 3);
        assertThat(api.post("/schedule-test", with(edited, "schedule", Instant.now().plus(1, ChronoUnit.DAYS).toString())).status())
                .isEqualTo(200);
        assertThat(storedSpec(testID).destination().apiKeyValue()).isEqualTo("test-api-key");
        assertThat(((HttpOptions) storedSpec(testID).destination()).headerValues()).containsExactlyInAnyOrderEntriesOf(
                Map.of("X-Token", "header-secret", "X-New", "plain"));
        assertThat(api.post("/cancel-test", id(testID)).status()).isEqualTo(200);
    }

    @Test
    void aDestinationIsStoredAsItsFlatDocumentNamedByItsTypeWithoutClassNames() {
        String testID = uniqueId("stored");
        Map<String, Object> body = definition(testID, receiver.url());
        body.put("destination", Map.of("type", "loki", "endpoint", receiver.url(), "tenant", "team-a"));
        body.remove("metricsRate");
        body.remove("traceRate");
        assertThat(api.post("/create-test", body).status()).isEqualTo(201);

        Document stored = mongo.getCollection("tests").find(new Document("_id", testID)).first();
        Document destination = stored.get("spec", Document.class).get("destination", Document.class);
        assertThat(destination).doesNotContainKey("_class").containsEntry("type", "loki").containsEntry("tenant", "team-a");
        assertThat(api.get("/tests/" + testID).json().path("destination").path("tenant").asString()).isEqualTo("team-a");
    }

    @Test
    void refusesASecondTestWithTheSameId() {
        String testID = uniqueId("dup");
        assertThat(api.post("/create-test", definition(testID, receiver.url())).status()).isEqualTo(201);

        Response duplicate = api.post("/create-test", with(definition(testID, receiver.url()), "logRate", 99));

        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.code()).isEqualTo("test-already-exists");
        assertThat(duplicate.header("Content-Type")).startsWith("application/problem+json");
        assertThat(storedSpec(testID).logRate()).isEqualTo(2.0);
    }

    @Test
    void generatesAnIdWhenNoneIsGiven() {
        Response created = api.post("/create-test", with(definition("ignored", receiver.url()), "testID", null));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("testID").asString()).hasSize(36);
    }

    @Test
    void answers404ForAnUnknownTestEverywhere() {
        String unknown = uniqueId("missing");
        List<Response> responses = List.of(
                api.get("/tests/" + unknown),
                api.get("/tests/" + unknown + "/runs"),
                api.post("/restart-test", id(unknown)),
                api.post("/cancel-test", id(unknown)));

        assertThat(responses).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.code()).isEqualTo("test-not-found");
            assertThat(response.json().path("detail").asString()).contains(unknown);
        });
    }

    @Test
    void startCreatesAndStartsAnUnknownTestAndStartsAnExistingOne() {
        String fresh = uniqueId("start-new");
        Response started = api.post("/start-test", definition(fresh, receiver.url()));
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.json().path("status").asString()).isEqualTo("Running");
        assertThat(started.json().path("currentRunID").asString()).isEqualTo(fresh + "-run-1");

        String existing = uniqueId("start-existing");
        api.post("/create-test", definition(existing, receiver.url()));
        Response startedExisting = api.post("/start-test", Map.of("testID", existing, "logRate", 4));
        assertThat(startedExisting.status()).isEqualTo(200);
        assertThat(startedExisting.json().path("logRate").asDouble()).isEqualTo(4.0);
        assertThat(startedExisting.json().path("metricsRate").asDouble()).isEqualTo(1.0);

        cancel(fresh);
        cancel(existing);
    }

    @Test
    void refusesToStartARunningTest() {
        String testID = uniqueId("running");
        api.post("/start-test", definition(testID, receiver.url()));

        Response again = api.post("/start-test", with(definition(testID, receiver.url()), "logRate", 50));

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.code()).isEqualTo("test-already-running");
        assertThat(storedSpec(testID).logRate()).as("a refused start changes nothing").isEqualTo(2.0);
        cancel(testID);
    }

    @Test
    void twoSimultaneousStartsGiveExactlyOneRun() throws Exception {
        for (int round = 0; round < 5; round++) {
            String testID = uniqueId("race");
            api.post("/create-test", definition(testID, receiver.url()));
            List<Integer> statuses = concurrently(8, () -> api.post("/start-test", id(testID)).status());

            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 400).hasSize(7);
            assertThat(api.get("/tests/" + testID + "/runs").json().size()).isEqualTo(1);
            cancel(testID);
        }
    }

    @Test
    void concurrentStartsOfAnUnknownTestCreateItOnceAndRunItOnce() throws Exception {
        String testID = uniqueId("race-new");
        List<Integer> statuses = concurrently(6, () -> api.post("/start-test", definition(testID, receiver.url())).status());

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 400).hasSize(5);
        assertThat(api.get("/tests/" + testID + "/runs").json().size()).isEqualTo(1);
        cancel(testID);
    }

    @Test
    void restartStopsTheRunningRunAndKeepsItInTheHistory() {
        String testID = uniqueId("restart");
        api.post("/start-test", definition(testID, receiver.url()));

        Response restarted = api.post("/restart-test", Map.of("testID", testID, "logRate", 7, "duration", 300));

        assertThat(restarted.status()).isEqualTo(200);
        assertThat(restarted.json().path("status").asString()).isEqualTo("Running");
        assertThat(restarted.json().path("logRate").asDouble()).isEqualTo(7.0);
        assertThat(restarted.json().path("duration").asInt()).isEqualTo(300);
        assertThat(restarted.json().path("currentRunID").asString()).isEqualTo(testID + "-run-2");
        JsonNode runs = api.get("/tests/" + testID + "/runs").json();
        assertThat(runs.size()).isEqualTo(2);
        assertThat(runs.get(0).path("runID").asString()).isEqualTo(testID + "-run-2");
        assertThat(runs.get(0).path("logRate").asDouble()).isEqualTo(7.0);
        assertThat(runs.get(1).path("runID").asString()).isEqualTo(testID + "-run-1");
        assertThat(runs.get(1).path("logRate").asDouble()).isEqualTo(2.0);
        cancel(testID);
    }

    @Test
    void restartOfAFinishedTestStartsANewRun() {
        String testID = uniqueId("restart-done");
        api.post("/start-test", definition(testID, receiver.url()));
        cancel(testID);

        Response restarted = api.post("/restart-test", id(testID));

        assertThat(restarted.status()).isEqualTo(200);
        assertThat(restarted.json().path("status").asString()).isEqualTo("Running");
        assertThat(restarted.json().path("runCount").asInt()).isEqualTo(2);
        cancel(testID);
    }

    @Test
    void restartOfAScheduledTestIsRefused() {
        String testID = uniqueId("restart-scheduled");
        api.post("/create-test", with(definition(testID, receiver.url()), "schedule", Instant.now().plusSeconds(3600).toString()));

        Response restarted = api.post("/restart-test", id(testID));

        assertThat(restarted.status()).isEqualTo(400);
        assertThat(restarted.code()).isEqualTo("test-not-restartable");
        cancel(testID);
    }

    @Test
    void cancelStopsARunningTestAndCallsOffAScheduledOne() {
        String running = uniqueId("cancel-running");
        api.post("/start-test", definition(running, receiver.url()));
        Response cancelled = api.post("/cancel-test", id(running));
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asString()).isEqualTo("Cancelled");

        String scheduled = uniqueId("cancel-scheduled");
        api.post("/schedule-test", with(definition(scheduled, receiver.url()), "schedule", Instant.now().plusSeconds(3600).toString()));
        Response calledOff = api.post("/cancel-test", id(scheduled));
        assertThat(calledOff.status()).isEqualTo(200);
        assertThat(calledOff.json().path("status").asString()).isEqualTo("Cancelled");
        assertThat(calledOff.json().has("schedule")).isFalse();
    }

    @Test
    void cancelOfATestThatIsNotRunningIsRefused() {
        String testID = uniqueId("cancel-pending");
        api.post("/create-test", definition(testID, receiver.url()));

        Response response = api.post("/cancel-test", id(testID));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("test-not-cancellable");
        assertThat(api.get("/tests/" + testID).json().path("status").asString()).isEqualTo("Pending");
    }

    @Test
    void schedulesAtAFutureInstantGivenAsScheduleOrScheduleAt() {
        Instant at = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String first = uniqueId("schedule");
        api.post("/create-test", definition(first, receiver.url()));
        Response scheduled = api.post("/schedule-test", Map.of("testID", first, "userID", "user123", "schedule", at.toString()));
        assertThat(scheduled.status()).isEqualTo(200);
        assertThat(scheduled.json().path("status").asString()).isEqualTo("Scheduled");
        assertThat(Instant.parse(scheduled.json().path("schedule").asString())).isEqualTo(at);

        String second = uniqueId("schedule-at");
        api.post("/create-test", definition(second, receiver.url()));
        OffsetDateTime local = at.plus(1, ChronoUnit.DAYS).atOffset(ZoneOffset.ofHours(2));
        Response aliased = api.post("/schedule-test", Map.of("testID", second, "scheduleAt", local.toString()));
        assertThat(aliased.status()).as(aliased.toString()).isEqualTo(200);
        assertThat(Instant.parse(aliased.json().path("schedule").asString())).isEqualTo(local.toInstant());
        cancel(first);
        cancel(second);
    }

    @Test
    void schedulesOnACronExpressionInATimeZone() {
        String testID = uniqueId("cron");
        api.post("/create-test", definition(testID, receiver.url()));

        Response scheduled = api.post("/schedule-test", Map.of("testID", testID, "cron", "0 30 3 * * *", "timeZone", "Europe/Paris"));

        assertThat(scheduled.status()).isEqualTo(200);
        assertThat(scheduled.json().path("cron").asString()).isEqualTo("0 30 3 * * *");
        assertThat(scheduled.json().path("timeZone").asString()).isEqualTo("Europe/Paris");
        Instant next = Instant.parse(scheduled.json().path("schedule").asString());
        assertThat(next).isAfter(Instant.now()).isBefore(Instant.now().plus(25, ChronoUnit.HOURS));
        assertThat(next.atZone(ZoneId.of("Europe/Paris")).getHour()).isEqualTo(3);
        cancel(testID);
    }

    @Test
    void refusesToScheduleARunningTest() {
        String testID = uniqueId("schedule-running");
        api.post("/start-test", definition(testID, receiver.url()));

        Response response = api.post("/schedule-test", Map.of("testID", testID, "schedule", Instant.now().plusSeconds(600).toString()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("test-not-schedulable");
        cancel(testID);
    }

    @Test
    void listsTestsAsAJsonArrayFilteredByStatusAndUserWithTheTotalInAHeader() {
        String user = uniqueId("lister");
        for (int i = 0; i < 5; i++) {
            api.post("/create-test", with(definition(uniqueId("list"), receiver.url()), "userID", user));
        }
        String running = uniqueId("list-running");
        api.post("/start-test", with(definition(running, receiver.url()), "userID", user));

        Response all = api.get("/tests?userID=" + user);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().isArray()).isTrue();
        assertThat(all.json().size()).isEqualTo(6);
        assertThat(all.header("X-Total-Count")).isEqualTo("6");

        Response page = api.get("/tests?userID=" + user + "&page=1&size=4");
        assertThat(page.json().size()).isEqualTo(2);
        assertThat(page.header("X-Total-Count")).isEqualTo("6");

        Response pending = api.get("/tests?userID=" + user + "&status=Pending");
        assertThat(pending.json().size()).isEqualTo(5);
        Response runningOnly = api.get("/tests?userID=" + user + "&status=Running");
        assertThat(runningOnly.json().size()).isEqualTo(1);
        assertThat(runningOnly.json().get(0).path("testID").asString()).isEqualTo(running);
        cancel(running);
    }

    @Test
    void refusesBadListingParameters() {
        assertThat(api.get("/tests?status=Sleeping").code()).isEqualTo("invalid-status");
        assertThat(api.get("/tests?size=0").code()).isEqualTo("invalid-parameter");
        assertThat(api.get("/tests?size=100000").code()).isEqualTo("invalid-parameter");
        assertThat(api.get("/tests?page=-1").code()).isEqualTo("invalid-parameter");
        assertThat(api.get("/tests?page=abc").status()).isEqualTo(400);
    }

    private TestSpec storedSpec(String testID) {
        return mongo.findById(testID, LoadTest.class).spec();
    }

    private void cancel(String testID) {
        Response response = api.post("/cancel-test", id(testID));
        assertThat(response.status()).as("cancel %s: %s", testID, response).isIn(200, 400);
    }

    private static <T> List<T> concurrently(int count, Callable<T> task) throws Exception {
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(count)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
