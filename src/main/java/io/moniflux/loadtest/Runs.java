package io.moniflux.loadtest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.moniflux.results.RunResults;

/**
 * Runs as the replicas that execute them see them: claiming parts, renewing leases with progress,
 * finishing or releasing parts, and reading what users asked of a run (stop, new rates).
 */
@Service
public class Runs {

    /** A part this replica now owns, and the run it belongs to. */
    public record Claim(RunPart part, TestRun run) {
    }

    /** What users currently ask of a running run. */
    public record RunControl(String runID, TestStatus status, boolean stopRequested, String stopReason,
            Map<String, Double> rates, long ratesVersion) {
    }

    private final PartStore parts;
    private final RunStore runs;
    private final LoadTests tests;
    private final Clock clock;

    Runs(PartStore parts, RunStore runs, LoadTests tests, Clock clock) {
        this.parts = parts;
        this.runs = runs;
        this.tests = tests;
        this.clock = clock;
    }

    /** How long a new part waits for the replica that accepted its start before any replica's poll may take it. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    /** Claims a part of {@code runID} that no live replica owns; for the replica that accepted the start. */
    public Optional<Claim> claim(String runID, String replica, Duration lease) {
        Instant now = now();
        return parts.claim(runID, replica, now, now.plus(lease), now, java.util.List.of(), now)
                .map(part -> new Claim(part, runs.find(part.runID()).orElse(null)));
    }

    /**
     * Claims any part no live replica owns, for a replica's poll: new parts once they settled, and parts of
     * runs this replica already executes ({@code executing}) only when no other replica took them in a while,
     * so that a run's workers spread over the replicas.
     */
    public Optional<Claim> claimAny(String replica, Duration lease, java.util.Collection<String> executing) {
        Instant now = now();
        return parts.claim(null, replica, now, now.plus(lease), now.minus(SETTLE), executing, now.minus(SETTLE.multipliedBy(3)))
                .map(part -> new Claim(part, runs.find(part.runID()).orElse(null)));
    }

    /** Persists progress and extends the lease; false when the part was lost to another replica. */
    public boolean renew(RunPart part, String replica, Duration lease, PartCheckpoint checkpoint) {
        Instant now = now();
        return parts.renew(part.id(), replica, now, now.plus(lease), checkpoint);
    }

    /** Gives a part back with its progress, so that another replica resumes it at once. */
    public boolean release(RunPart part, String replica, PartCheckpoint checkpoint) {
        return parts.release(part.id(), replica, now().minus(SETTLE.multipliedBy(3)), checkpoint);
    }

    /**
     * Marks a part done. When it was the last one, the run ends: Cancelled if it was asked to stop,
     * Failed if a part failed, Completed otherwise, with the parts' results merged.
     *
     * @param failure why the part failed, or null
     */
    public void finish(RunPart part, String replica, long elapsedMillis, RunResults results, String failure) {
        if (!parts.finish(part.id(), replica, now(), elapsedMillis, results, failure)) {
            return;
        }
        List<RunPart> all = parts.findByRun(part.runID());
        if (all.stream().allMatch(p -> p.state() == PartState.Done)) {
            RunResults merged = all.stream().map(RunPart::results).reduce(RunResults.EMPTY, RunResults::plus);
            String failed = all.stream().map(RunPart::endReason).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            if (failed == null && !merged.failedThresholds().isEmpty()
                    && runs.find(part.runID()).map(run -> !run.stopRequested()).orElse(false)) {
                failed = "thresholds failed: " + merged.failedThresholds().stream()
                        .map(t -> t.threshold() + (t.worst() == null ? "" : " (worst " + io.moniflux.results.Threshold.number(t.worst()) + ")"))
                        .reduce((a, b) -> a + "; " + b).orElse("");
            }
            tests.endRun(part.runID(), failed != null ? TestStatus.Failed : TestStatus.Completed, failed, merged);
        }
    }

    /**
     * A part stopped because a threshold broke: the whole run stops, and fails with that reason once
     * its parts are done.
     */
    public void abort(RunPart part, String replica, long elapsedMillis, RunResults results, String reason) {
        tests.abortRun(part.runID(), reason);
        finish(part, replica, elapsedMillis, results, reason);
    }

    public List<RunControl> controls(Collection<String> runIDs) {
        if (runIDs.isEmpty()) {
            return List.of();
        }
        return runs.findAll(runIDs).stream().map(run -> new RunControl(run.runID(), run.status(), run.stopRequested(),
                run.endReason(), run.rates(), run.ratesVersion())).toList();
    }

    public List<RunPart> parts(String runID) {
        return parts.findByRun(runID);
    }

    public long ownedBy(String replica) {
        return parts.countOwnedBy(replica);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
