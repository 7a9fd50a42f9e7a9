package io.moniflux.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.moniflux.delivery.json.HttpJsonDestination;
import io.moniflux.loadtest.LoadTest;
import io.moniflux.loadtest.PartState;
import io.moniflux.loadtest.RunStatus;
import io.moniflux.loadtest.TestQueries;
import io.moniflux.loadtest.TestRun;
import io.moniflux.loadtest.TestSpec;
import io.moniflux.loadtest.TestStatus;
import io.moniflux.results.EndReason;
import io.moniflux.results.RunResults;
import io.moniflux.results.SignalResults;
import io.moniflux.results.ThresholdResult;
import io.moniflux.support.FullStackTest;

/**
 * What a crash between two writes leaves is repaired with the same verdict a normal end gives: a run
 * whose parts are all done but that was never ended, and a run whose parts were never written.
 */
@FullStackTest
class CrashRepairTest {

    @Autowired
    MongoTemplate mongo;

    @Autowired
    PartStore parts;

    @Autowired
    RunRepair repair;

    @Autowired
    TestQueries queries;

    static final TestSpec SPEC = new TestSpec("INFO", 10, 10, 0, 0, 10, HttpJsonDestination.of("d", "127.0.0.1", 9, null), 2,
            null, null, null, null, null, null, null, null);

    private TestRun crashedRun(String testID, Instant startedAt) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        mongo.insert(new LoadTest(testID, "u", SPEC, TestStatus.Running, null, null, now, now, startedAt, null, testID + "-run-1", 1,
                null));
        return mongo.insert(new TestRun(testID + "-run-1", testID, "u", 1, RunStatus.Running, SPEC, startedAt, null, null, null,
                Map.of("logs", 10.0), 0, null, null, null, null, null, null));
    }

    private static RunResults results(boolean thresholdPassed) {
        return new RunResults(Map.of("logs", new SignalResults(50, 50, 0, 0, 0, 50, null, null, null, null, null, null)),
                List.of(new ThresholdResult("errorRate(all) <= 0.01 over 10s", "errorRate", null, 0.01, thresholdPassed,
                        thresholdPassed ? 0.0 : 0.3, thresholdPassed ? null : 3L, false, 1)), null);
    }

    private void donePart(String runID, String testID, int index, RunResults results) {
        parts.insertAll(List.of(new RunPart(RunPart.idOf(runID, index), runID, testID, index, 2, PartState.Done, null, null, 10_000,
                results, EndReason.COMPLETED, Instant.now(), null, null, 0, null, null)));
    }

    @Test
    void aRunWhosePartsAreAllDoneEndsWithTheVerdictANormalEndGives() {
        String testID = "crash-" + System.nanoTime();
        TestRun run = crashedRun(testID, Instant.now().minusSeconds(12));
        donePart(run.runID(), testID, 0, results(true));
        donePart(run.runID(), testID, 1, results(false));

        repair.repair();

        TestRun ended = queries.run(run.runID()).orElseThrow();
        assertThat(ended.status()).as("thresholds failed in a part: Failed, as a normal end says").isEqualTo(RunStatus.Failed);
        assertThat(ended.endReason()).isInstanceOf(EndReason.ThresholdsFailed.class);
        assertThat(ended.results().signal("logs").sent()).isEqualTo(100);
        assertThat(queries.get(testID).status()).isEqualTo(TestStatus.Failed);
    }

    @Test
    void aRunWhosePartsWereNeverWrittenFails() {
        String testID = "no-parts-" + System.nanoTime();
        TestRun run = crashedRun(testID, Instant.now().minusSeconds(60));

        repair.repair();

        TestRun ended = queries.run(run.runID()).orElseThrow();
        assertThat(ended.status()).isEqualTo(RunStatus.Failed);
        assertThat(ended.endReason().describe()).contains("its parts were never written");
        assertThat(queries.get(testID).status()).isEqualTo(TestStatus.Failed);
    }
}
