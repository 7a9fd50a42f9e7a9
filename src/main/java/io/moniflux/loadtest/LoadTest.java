package io.moniflux.loadtest;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The test aggregate: the definition a user edits, its status and its schedule. Each execution is a
 * {@link TestRun} of its own, so a restart keeps the history. Every change goes through one of the
 * transitions below, which refuse what the current status does not allow; the store writes the result
 * only if nobody changed the test meanwhile (its {@code version}), so two concurrent requests cannot
 * both win.
 */
@Document("tests")
public record LoadTest(
        @Id String testID,
        String userID,
        TestSpec spec,
        TestStatus status,
        String statusReason,
        Schedule schedule,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt,
        String currentRunId,
        int runCount,
        @Version Long version) {

    /** A new test, Pending, or Scheduled when a schedule is given. */
    static LoadTest create(String testID, String userID, TestSpec spec, Schedule schedule, Instant now) {
        return new LoadTest(testID, userID, spec, schedule == null ? TestStatus.Pending : TestStatus.Scheduled, null, schedule,
                now, now, null, null, null, 0, null);
    }

    /** The id of the run the next start makes. */
    String nextRunID() {
        return TestRun.idOf(testID, runCount + 1);
    }

    /** Whether this test still waits for the schedule firing at {@code at}. */
    boolean scheduledFor(Instant at) {
        return status == TestStatus.Scheduled && schedule != null && at.equals(schedule.at());
    }

    /**
     * Starts run number {@code runCount + 1} with {@code spec}: a start, a restart or a scheduled start. A
     * single-instant schedule is used up; a recurring one stays for its next firing.
     */
    LoadTest start(Action action, TestSpec newSpec, String user, Instant now) {
        allow(action);
        Schedule kept = schedule != null && schedule.recurring() ? schedule : null;
        return new LoadTest(testID, user, newSpec, TestStatus.Running, null, kept, createdAt, now, now, null, nextRunID(),
                runCount + 1, version);
    }

    LoadTest schedule(TestSpec newSpec, String user, Schedule next, Instant now) {
        allow(Action.SCHEDULE);
        return new LoadTest(testID, user, newSpec, TestStatus.Scheduled, null, next, createdAt, now, startedAt, finishedAt,
                currentRunId, runCount, version);
    }

    /** Stops a running test or calls off a scheduled one; cancelling ends a recurring series too. */
    LoadTest cancel(Instant now) {
        allow(Action.CANCEL);
        return new LoadTest(testID, userID, spec, TestStatus.Cancelled, "cancelled by request", null, createdAt, now,
                startedAt, now, currentRunId, runCount, version);
    }

    /** A scheduled start that could not happen: the definition no longer passes the rules, say. */
    LoadTest scheduledStartRefused(String reason, Instant now) {
        return failed("scheduled start refused: " + reason, now);
    }

    /**
     * A schedule that fired while no replica was running, beyond the grace period: a single schedule fails
     * with the reason, a recurring one moves on to {@code next}.
     */
    LoadTest scheduleMissed(String reason, Instant next, Instant now) {
        if (schedule != null && schedule.recurring() && next != null) {
            return new LoadTest(testID, userID, spec, TestStatus.Scheduled, reason,
                    new Schedule(next, schedule.cron(), schedule.timeZone()), createdAt, now, startedAt, finishedAt,
                    currentRunId, runCount, version);
        }
        return failed(reason, now);
    }

    /** Its run was never written (the replica that started it stopped in between). */
    LoadTest runNeverRecorded(Instant now) {
        return failed("its run was never recorded (the replica that started it stopped)", now);
    }

    /**
     * Its current run ended: the test takes the run's status, or — in a recurring series that was not
     * cancelled — waits for {@code next}. A test that moved on meanwhile (cancelled, restarted) is left
     * as it is.
     */
    LoadTest runEnded(TestRun run, Instant next, Instant now) {
        if (status != TestStatus.Running || !run.runID().equals(currentRunId)) {
            return this;
        }
        String reason = run.endReason() == null ? null : run.endReason().describe();
        if (schedule != null && schedule.recurring() && next != null && run.status() != RunStatus.Cancelled) {
            return new LoadTest(testID, userID, spec, TestStatus.Scheduled, "last run " + run.status(),
                    new Schedule(next, schedule.cron(), schedule.timeZone()), createdAt, now, startedAt, now, currentRunId,
                    runCount, version);
        }
        return new LoadTest(testID, userID, spec, run.status().asTestStatus(), reason, schedule, createdAt, now, startedAt, now,
                currentRunId, runCount, version);
    }

    private LoadTest failed(String reason, Instant now) {
        return new LoadTest(testID, userID, spec, TestStatus.Failed, reason, null, createdAt, now, startedAt, now,
                currentRunId, runCount, version);
    }

    /** Refuses, unless the test may be deleted now: not while it runs or waits for its schedule. */
    void checkDeletable() {
        allow(Action.DELETE);
    }

    private void allow(Action action) {
        if (!action.allowedFrom(status)) {
            throw action.refusal(this);
        }
    }
}
