package io.moniflux.loadtest;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.stereotype.Service;

import io.moniflux.results.Verification;

/**
 * Work about a run after it ended — its verification and its webhook call — done by one worker and
 * taken over by another when that one is gone. Every change is the run's own transition, written on
 * the version it was decided on.
 */
@Service
public class RunFollowUps {

    private final RunStore runs;

    RunFollowUps(RunStore runs) {
        this.runs = runs;
    }

    /** Makes a follow-up of the run {@code worker}'s to do. */
    public void expect(String runID, FollowUp kind, String worker) {
        change(runID, run -> Optional.of(run.expect(kind, worker)));
    }

    /** Records what the backend said; a pending answer keeps the verification {@code worker}'s to do. */
    public void recordVerification(String runID, Verification verification, String worker) {
        change(runID, run -> Optional.of(run.verified(verification, worker)));
    }

    /** Records a webhook call with its attempts, which ends that follow-up. */
    public void recordNotification(String runID, RunNotification notification) {
        change(runID, run -> Optional.of(run.notified(notification)));
    }

    /** Runs with a follow-up of this kind still to do. */
    public List<TestRun> withFollowUp(FollowUp kind) {
        return runs.withFollowUp(kind);
    }

    /** Hands a follow-up over from a worker that is gone to {@code to}; true for the one worker that gets it. */
    public boolean takeOver(String runID, FollowUp kind, String from, String to) {
        return change(runID, run -> run.takeOver(kind, from, to)).isPresent();
    }

    /** Gives up a follow-up that cannot be done. */
    public void drop(String runID, FollowUp kind) {
        change(runID, run -> Optional.of(run.drop(kind)));
    }

    private Optional<TestRun> change(String runID, Function<TestRun, Optional<TestRun>> transition) {
        return Conflicts.retry("Run '" + runID + "'", () -> runs.find(runID).flatMap(transition).map(runs::save));
    }
}
