package io.moniflux.coordination;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.moniflux.loadtest.PartState;
import io.moniflux.loadtest.RunEndings;
import io.moniflux.loadtest.TestQueries;
import io.moniflux.loadtest.TestRun;
import io.moniflux.results.EndReason;

/**
 * Run parts as the replicas that execute them see them: claiming parts, renewing leases with progress,
 * finishing or releasing them. When the last part of a run is done, the run ends.
 */
@Component
class Leases {

    /**
     * A part this replica now owns, and the run it belongs to (null when the run is gone).
     *
     * @param takenOverFrom the owner whose lease ran out while it ran the part; null for a new or handed-over part
     */
    record Claim(RunPart part, TestRun run, String takenOverFrom) {
    }

    /** How long a new part waits for the replica that accepted its start before any replica's poll may take it. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    private final PartStore parts;
    private final TestQueries queries;
    private final RunEndings endings;
    private final Clock clock;

    Leases(PartStore parts, TestQueries queries, RunEndings endings, Clock clock) {
        this.parts = parts;
        this.queries = queries;
        this.endings = endings;
        this.clock = clock;
    }

    /** Claims part {@code index} of a new run, if no replica did yet; for the replica that accepted the start. */
    Optional<Claim> claimNew(String runID, int index, String replica, Duration lease) {
        Instant now = now();
        return parts.claimReady(RunPart.idOf(runID, index), replica, now, now.plus(lease)).map(this::withRun);
    }

    /**
     * Claims any part no live replica owns, for a replica's poll: new parts once they settled, and parts of
     * runs this replica already executes ({@code executing}) only when no other replica took them in a while,
     * so that a run's workers spread over the replicas.
     */
    Optional<Claim> claimAny(String replica, Duration lease, Collection<String> executing) {
        Instant now = now();
        return parts.claim(null, replica, now, now.plus(lease), now.minus(SETTLE), executing, now.minus(SETTLE.multipliedBy(3)))
                .map(this::withRun);
    }

    private Claim withRun(PartStore.Claimed claimed) {
        return new Claim(claimed.part(), queries.run(claimed.part().runID()).orElse(null), claimed.takenOverFrom());
    }

    /** Persists the progress of many parts at once and extends their leases; the ids of those lost to another replica. */
    Set<String> renewAll(List<PartStore.Renewal> renewals, String replica, Duration lease) {
        Instant now = now();
        return parts.renewAll(renewals, replica, now, now.plus(lease));
    }

    /** Gives a part back with its progress, so that another replica resumes it at once. */
    boolean release(RunPart part, String replica, PartCheckpoint checkpoint) {
        return parts.release(part.id(), replica, now().minus(SETTLE.multipliedBy(3)), checkpoint);
    }

    /** Marks a part done; when it was the last one, the run ends with the verdict on all of them. */
    void finish(RunPart part, String replica, PartCheckpoint checkpoint, EndReason reason) {
        if (parts.finish(part.id(), replica, now(), checkpoint, reason)) {
            endIfDone(part.runID());
        }
    }

    /** A part stopped because a threshold broke: the whole run stops, and fails with that breach. */
    void abort(RunPart part, String replica, PartCheckpoint checkpoint, EndReason.ThresholdAborted breach) {
        endings.abort(part.runID(), breach);
        finish(part, replica, checkpoint, breach);
    }

    /** Ends the run if every part of it is done (after a part finished, or to repair a crash). */
    void endIfDone(String runID) {
        List<RunPart> all = parts.findByRun(runID);
        if (!all.isEmpty() && all.stream().allMatch(p -> p.state() == PartState.Done)) {
            endings.end(runID, all.stream().map(RunPart::outcome).toList());
        }
    }

    List<RunPart> parts(String runID) {
        return parts.findByRun(runID);
    }

    long ownedBy(String replica) {
        return parts.countOwnedBy(replica);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
