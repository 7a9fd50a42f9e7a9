package io.moniflux.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Runs;
import io.moniflux.support.Scenario;
import tools.jackson.databind.JsonNode;

/**
 * A part whose lease ran out while its own replica still executes it (the database was slow to take the
 * renewals, as at 1,000 running tests on the embedded one) is claimed by that replica's own poll: the
 * run must go on, not end as a failure to start and then lose its lease.
 */
@FullStackTest
class LapsedLeaseTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Test
    void aReplicaThatTakesItsOwnLapsedPartCarriesItOn() {
        try (HttpSink sink = new HttpSink().countingOnly()) {
            Api api = new Api(port);
            Scenario scenario = Scenario.to("lapsed", Map.of("endpoint", sink.url())).with("logRate", 20).with("duration", 5);
            assertThat(api.post("/start-test", scenario.definition()).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.count() >= 20);

            // the lease runs out under the owner's feet, again and again, until the owner's own poll claims it
            // (a renewal between two polls would set it right again)
            // (a renewal between two polls sets it right again): for 2.5 s, past two of the poll's claims
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50)).until(() -> {
                mongo.updateFirst(Query.query(where("runID").is(scenario.runID())),
                        new Update().set("leaseUntil", Instant.now().minusSeconds(60)), RunPart.class);
                return true;
            });

            JsonNode done = Runs.awaitEnd(api, scenario.testID(), Duration.ofSeconds(20));
            assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("Completed");
            assertThat(Scenario.sent(done, "logs")).isEqualTo(100);
            assertThat(sink.count()).isEqualTo(100);
        }
    }
}
