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
        Instant updatedAt) {

    static String idOf(String runID, int index) {
        return runID + "#" + index;
    }
}
