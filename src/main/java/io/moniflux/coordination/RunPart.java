package io.moniflux.coordination;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import io.moniflux.loadtest.PartOutcome;
import io.moniflux.loadtest.PartProgress;
import io.moniflux.loadtest.PartState;
import io.moniflux.results.EndReason;
import io.moniflux.results.RateChange;
import io.moniflux.results.Replay;
import io.moniflux.results.RunResults;
import io.moniflux.results.TimelinePoint;

/**
 * One part of a run, claimable by any replica. A replica owns it through a lease it renews; when the
 * lease runs out another replica claims it and carries on from what the owner last persisted.
 *
 * @param index        0 .. workers-1
 * @param owner        replica id of the owner, null when none
 * @param elapsedMillis of the run's duration done, as of {@code updatedAt}
 * @param endReason    why its last owner stopped it, once it is done
 * @param rateChanges  per signal, the rate changes made so far (live, or by a capacity search), so
 *                     that a replica resuming the part numbers its events on from where they really were
 * @param rates        per signal, its rate as of {@code updatedAt}
 * @param ratesVersion the run's live rate change it had applied by then
 * @param recent       its last closed seconds, per signal, for the live views
 * @param replays      the windows of events that may have been sent twice, one per takeover from an owner
 *                     that stopped without handing the part over
 */
@Document("run_parts")
record RunPart(
        @Id String id,
        String runID,
        String testID,
        int index,
        int workers,
        PartState state,
        String owner,
        Instant leaseUntil,
        long elapsedMillis,
        RunResults results,
        EndReason endReason,
        Instant updatedAt,
        Map<String, List<RateChange>> rateChanges,
        Map<String, Double> rates,
        long ratesVersion,
        List<TimelinePoint> recent,
        List<Replay> replays) {

    static String idOf(String runID, int index) {
        return runID + "#" + index;
    }

    /** A part of a new run, waiting for a replica. */
    static RunPart ready(String runID, String testID, int index, int workers, Instant at) {
        return new RunPart(idOf(runID, index), runID, testID, index, workers, PartState.Ready, null, null, 0, null, null, at,
                null, null, 0, null, null);
    }

    /** This part as a claim by {@code replica} leaves it. */
    RunPart claimedBy(String replica, Instant until, Instant now) {
        return new RunPart(id, runID, testID, index, workers, PartState.Running, replica, until, elapsedMillis, results, endReason,
                now, rateChanges, rates, ratesVersion, recent, replays);
    }

    PartProgress progress() {
        return new PartProgress(index, state, owner, elapsedMillis, updatedAt, results, rates, ratesVersion, recent, replays);
    }

    PartOutcome outcome() {
        return new PartOutcome(results, endReason, elapsedMillis);
    }
}
