package io.moniflux.loadtest;

import java.util.List;
import java.util.Map;

import org.springframework.data.mongodb.core.query.Update;

import io.moniflux.results.RateChange;
import io.moniflux.results.RunResults;

/**
 * What the owner of a run part persists as it goes, so that another replica can carry the part on:
 * how far it got, its results so far, and the rate changes that shaped its numbering.
 */
public record PartCheckpoint(long elapsedMillis, RunResults results, Map<String, List<RateChange>> rateChanges) {

    public PartCheckpoint {
        rateChanges = rateChanges == null || rateChanges.isEmpty() ? null : Map.copyOf(rateChanges);
    }

    Update into(Update update) {
        return update.set("elapsedMillis", elapsedMillis).set("results", results).set("rateChanges", rateChanges);
    }
}
