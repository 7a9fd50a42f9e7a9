package io.moniflux.loadtest;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One execution of a test, with a snapshot of the definition it ran with. A restart makes a new run,
 * so earlier runs and their results stay.
 *
 * @param stopRequested set by cancel or restart on any replica; the owner stops when it sees it
 */
@Document("test_runs")
public record TestRun(
        @Id String runID,
        String testID,
        String userID,
        int number,
        TestStatus status,
        TestSpec spec,
        Instant startedAt,
        Instant endedAt,
        String endReason,
        boolean stopRequested) {

    static String idOf(String testID, int number) {
        return testID + "-run-" + number;
    }
}
