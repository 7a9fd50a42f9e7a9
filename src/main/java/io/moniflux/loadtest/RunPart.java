package io.moniflux.loadtest;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import io.moniflux.results.RunResults;

/**
 * One part of a run, claimable by any replica. A replica owns it through a lease it renews; when the
 * lease runs out another replica claims it and carries on from {@code elapsedMillis} and
 * {@code results}, which the owner persists every few seconds.
 *
 * @param index   0 .. workers-1
 * @param owner   replica id of the owner, null when none
 * @param rateChanges per signal, the rate changes made so far (live, or by a capacity search), so
 *                that a replica resuming the part numbers its events on from where they really were
 */
@Document("run_parts")
public record RunPart(
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
        String endReason,
        Instant updatedAt,
        java.util.Map<String, java.util.List<io.moniflux.results.RateChange>> rateChanges) {

    static String idOf(String runID, int index) {
        return runID + "#" + index;
    }
}
