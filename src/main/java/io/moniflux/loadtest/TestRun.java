package io.moniflux.loadtest;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One execution of a test, with a snapshot of the definition it ran with. A restart makes a new run,
 * so earlier runs and their results stay.
 *
 * @param stopRequested set by cancel or restart on any replica; the owner stops when it sees it
 * @param rates         the current target rate of each signal, for the whole run; changed live
 * @param ratesVersion  increases with every live change, so owners apply each change once
 * @param results       the parts' results merged, written when the run ends
 * @param followUps     work still to do about the run after it ended, by kind ({@link #VERIFY},
 *                      {@link #NOTIFY}), and the replica doing it; another replica takes it over when
 *                      that one is gone
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
        boolean stopRequested,
        java.util.Map<String, Double> rates,
        long ratesVersion,
        io.moniflux.results.RunResults results,
        io.moniflux.results.Verification verification,
        java.util.List<RunNotification> notifications,
        java.util.Map<String, String> followUps) {

    /** The follow-up of asking the backend what it stored. */
    public static final String VERIFY = "verify";
    /** The follow-up of calling the webhook. */
    public static final String NOTIFY = "notify";

    /** The replica doing a follow-up of this run, if it is still to do. */
    public java.util.Optional<String> followUp(String kind) {
        return java.util.Optional.ofNullable(followUps == null ? null : followUps.get(kind));
    }

    static String idOf(String testID, int number) {
        return testID + "-run-" + number;
    }
}
