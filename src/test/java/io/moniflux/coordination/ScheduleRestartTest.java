package io.moniflux.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import de.bwaldvogel.mongo.MongoServer;
import io.moniflux.config.EmbeddedMongo;
import io.moniflux.support.Api;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Scenario;
import tools.jackson.databind.JsonNode;

/** Schedules live in the database: they outlive every replica. */
@Tag("cluster")
class ScheduleRestartTest {

    MongoServer database;
    String uri;
    HttpSink sink;

    @BeforeEach
    void startDatabase() {
        database = EmbeddedMongo.start(null, 0);
        uri = "mongodb://127.0.0.1:" + database.getLocalAddress().getPort() + "/schedules";
        sink = new HttpSink().countingOnly();
    }

    @AfterEach
    void stopDatabase() {
        sink.close();
        database.shutdownNow();
    }

    @Test
    void aScheduleFiresAfterEveryReplicaWasReplaced() {
        Scenario scenario = Scenario.to("restart", Map.of("endpoint", sink.url())).with("logRate", 10).with("duration", 1);
        Instant at = Instant.now().plusSeconds(12);
        try (ConfigurableApplicationContext first = Instances.start(uri, "first");
                ConfigurableApplicationContext second = Instances.start(uri, "second")) {
            Instances.api(first).post("/create-test", scenario.definition());
            assertThat(Instances.api(second).post("/schedule-test", Map.of("testID", scenario.testID(), "schedule", at.toString()))
                    .status()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext replacement = Instances.start(uri, "replacement")) {
            Api api = Instances.api(replacement);
            JsonNode done = await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/tests/" + scenario.testID()).json(),
                    test -> "Completed".equals(test.path("status").asString()));

            Instant started = Instant.parse(done.path("progress").path("startedAt").asString());
            assertThat(Duration.between(at, started)).isBetween(Duration.ZERO, Duration.ofMillis(500));
            assertThat(done.path("runCount").asInt()).isEqualTo(1);
            assertThat(sink.count()).isEqualTo(10);
        }
    }

    @Test
    void aScheduleMissedWhileNoReplicaRanStartsAtOnceWithinTheGracePeriod() throws Exception {
        Scenario scenario = Scenario.to("late", Map.of("endpoint", sink.url())).with("logRate", 10).with("duration", 1);
        Instant at;
        try (ConfigurableApplicationContext only = Instances.start(uri, "only")) {
            // two seconds from when the replica is up (its start can take longer than that)
            at = Instant.now().plusSeconds(2);
            Instances.api(only).post("/create-test", scenario.definition());
            assertThat(Instances.api(only).post("/schedule-test", Map.of("testID", scenario.testID(), "schedule", at.toString()))
                    .status()).isEqualTo(200);
        }
        // every replica is down when the schedule comes
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(at.plusMillis(200)));

        try (ConfigurableApplicationContext back = Instances.start(uri, "back")) {
            Api api = Instances.api(back);
            JsonNode done = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/tests/" + scenario.testID()).json(),
                    test -> "Completed".equals(test.path("status").asString()));
            assertThat(done.path("runCount").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aScheduleMissedByMoreThanTheGracePeriodFailsWithTheReason() throws Exception {
        Scenario scenario = Scenario.to("missed", Map.of("endpoint", sink.url())).with("logRate", 10).with("duration", 1);
        Instant at;
        try (ConfigurableApplicationContext only = Instances.start(uri, "only")) {
            // two seconds from when the replica is up (its start can take longer than that)
            at = Instant.now().plusSeconds(2);
            Instances.api(only).post("/create-test", scenario.definition());
            assertThat(Instances.api(only).post("/schedule-test", Map.of("testID", scenario.testID(), "schedule", at.toString()))
                    .status()).isEqualTo(200);
        }
        // past the schedule by more than the grace period the next replica starts with (1 s)
        await().atMost(Duration.ofSeconds(6)).until(() -> Instant.now().isAfter(at.plusMillis(1_200)));

        try (ConfigurableApplicationContext back = Instances.start(uri, "back", "--moniflux.coordination.schedule-grace=1s")) {
            Api api = Instances.api(back);
            JsonNode failed = await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/tests/" + scenario.testID()).json(),
                    test -> "Failed".equals(test.path("status").asString()));
            assertThat(failed.path("statusReason").asString()).contains("missed its scheduled start").contains("grace period of 1 s");
            assertThat(failed.path("runCount").asInt()).isZero();
            assertThat(sink.count()).isZero();
        }
    }
}
