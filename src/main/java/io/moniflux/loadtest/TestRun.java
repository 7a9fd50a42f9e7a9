package io.moniflux.loadtest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import io.moniflux.results.EndReason;
import io.moniflux.results.RunResults;
import io.moniflux.results.Verification;
import io.moniflux.telemetry.Signal;

/**
 * One execution of a test, with a snapshot of the definition it ran with. A restart makes a new run,
 * so earlier runs and their results stay. The run guards its own transitions: it is asked to stop at
 * most once, its rates change only while it runs, it ends once, with the verdict {@link RunVerdict}
 * gives, and its follow-ups move from one worker to another only when that one is gone.
 *
 * @param stopRequest  why it was asked to stop (cancel, restart, a threshold that aborts), by any
 *                     replica; its owner stops when it sees it. Null while nobody asked.
 * @param rates        the current target rate of each signal, for the whole run, as changed live
 * @param ratesVersion increases with every live change, so that owners apply each change once
 * @param activeMillis how long it really ran (its owners' time, without a downtime between them);
 *                     written when it ends
 * @param results      the parts' results merged, written when it ends
 * @param followUps    work still to do about it after it ended, by kind, and the worker doing it
 */
@Document("test_runs")
public record TestRun(
        @Id String runID,
        String testID,
        String userID,
        int number,
        RunStatus status,
        TestSpec spec,
        Instant startedAt,
        Instant endedAt,
        EndReason endReason,
        EndReason stopRequest,
        Map<String, Double> rates,
        long ratesVersion,
        Long activeMillis,
        RunResults results,
        Verification verification,
        List<RunNotification> notifications,
        Map<FollowUp, String> followUps,
        @Version Long version) {

    public TestRun {
        rates = rates == null ? Map.of() : Map.copyOf(rates);
        notifications = notifications == null ? List.of() : List.copyOf(notifications);
        followUps = followUps == null || followUps.isEmpty() ? Map.of() : Map.copyOf(followUps);
    }

    static String idOf(String testID, int number) {
        return testID + "-run-" + number;
    }

    /** The run a start of {@code test} (already in its Running state) makes. */
    static TestRun launch(LoadTest test, Instant now) {
        Map<String, Double> rates = new TreeMap<>();
        for (Signal signal : test.spec().signals()) {
            rates.put(signal.key(), test.spec().rate(signal));
        }
        return new TestRun(test.currentRunId(), test.testID(), test.userID(), test.runCount(), RunStatus.Running, test.spec(),
                now, null, null, null, rates, 0, null, null, null, null, null, null);
    }

    public boolean running() {
        return status == RunStatus.Running;
    }

    /** Whether an owner should stop executing it: it ended, or somebody asked it to stop. */
    public boolean stopping() {
        return !running() || stopRequest != null;
    }

    /** The worker doing a follow-up of this run, if it is still to do. */
    public Optional<String> followUp(FollowUp kind) {
        return Optional.ofNullable(followUps.get(kind));
    }

    /** Asks it to stop for {@code reason}; empty when it has ended or was asked already (the first asker wins). */
    Optional<TestRun> requestStop(EndReason reason) {
        if (!running() || stopRequest != null) {
            return Optional.empty();
        }
        return Optional.of(new TestRun(runID, testID, userID, number, status, spec, startedAt, endedAt, endReason, reason,
                rates, ratesVersion, activeMillis, results, verification, notifications, followUps, version));
    }

    /** New target rates from now on; refused once it stops. */
    TestRun changeRates(Map<String, Double> newRates) {
        if (stopping()) {
            throw new TestConflictException("test-not-running", "Run " + runID + " is no longer running.");
        }
        return new TestRun(runID, testID, userID, number, status, spec, startedAt, endedAt, endReason, stopRequest,
                newRates, ratesVersion + 1, activeMillis, results, verification, notifications, followUps, version);
    }

    /** Ends it with the verdict on its parts; empty when it had ended already. */
    Optional<TestRun> end(RunVerdict verdict, Instant at) {
        if (!running()) {
            return Optional.empty();
        }
        return Optional.of(new TestRun(runID, testID, userID, number, verdict.status(), spec, startedAt, at, verdict.reason(),
                stopRequest, rates, ratesVersion, verdict.activeMillis(), verdict.results(), verification, notifications,
                followUps, version));
    }

    /** Makes a follow-up {@code worker}'s to do. */
    TestRun expect(FollowUp kind, String worker) {
        Map<FollowUp, String> next = new EnumMap<>(FollowUp.class);
        next.putAll(followUps);
        next.put(kind, worker);
        return withFollowUps(next, verification, notifications);
    }

    /**
     * Records what the backend said; a pending verification stays {@code worker}'s follow-up, any other
     * answer ends it.
     */
    TestRun verified(Verification answer, String worker) {
        Map<FollowUp, String> next = new EnumMap<>(FollowUp.class);
        next.putAll(followUps);
        if (answer.pending()) {
            next.put(FollowUp.VERIFY, worker);
        } else {
            next.remove(FollowUp.VERIFY);
        }
        return withFollowUps(next, answer, notifications);
    }

    /** Records a webhook call, which ends that follow-up. */
    TestRun notified(RunNotification call) {
        List<RunNotification> calls = new ArrayList<>(notifications);
        calls.add(call);
        return withFollowUps(without(FollowUp.NOTIFY), verification, calls);
    }

    /** Hands a follow-up from a worker that is gone to {@code to}; empty when it is no longer {@code from}'s. */
    Optional<TestRun> takeOver(FollowUp kind, String from, String to) {
        if (!from.equals(followUps.get(kind))) {
            return Optional.empty();
        }
        return Optional.of(expect(kind, to));
    }

    /** Gives up a follow-up that cannot be done. */
    TestRun drop(FollowUp kind) {
        return withFollowUps(without(kind), verification, notifications);
    }

    private Map<FollowUp, String> without(FollowUp kind) {
        Map<FollowUp, String> next = new EnumMap<>(FollowUp.class);
        next.putAll(followUps);
        next.remove(kind);
        return next;
    }

    private TestRun withFollowUps(Map<FollowUp, String> next, Verification answer, List<RunNotification> calls) {
        return new TestRun(runID, testID, userID, number, status, spec, startedAt, endedAt, endReason, stopRequest, rates,
                ratesVersion, activeMillis, results, answer, calls, next, version);
    }
}
