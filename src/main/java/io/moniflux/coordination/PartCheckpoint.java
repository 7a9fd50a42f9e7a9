package io.moniflux.coordination;

import java.util.List;
import java.util.Map;

import org.springframework.data.mongodb.core.query.Update;

import io.moniflux.results.RateChange;
import io.moniflux.results.Replay;
import io.moniflux.results.RunResults;
import io.moniflux.results.TimelinePoint;

/**
 * What the owner of a run part persists as it goes, so that another replica can carry the part on and
 * any replica can show how far it got: how far it got, its results so far, the rate changes that shaped
 * its numbering, its rates now, its last closed seconds and the windows it may have sent twice.
 */
record PartCheckpoint(long elapsedMillis, RunResults results, Map<String, List<RateChange>> rateChanges,
        Map<String, Double> rates, long ratesVersion, List<TimelinePoint> recent, List<Replay> replays) {

    PartCheckpoint {
        rateChanges = rateChanges == null || rateChanges.isEmpty() ? null : Map.copyOf(rateChanges);
        rates = rates == null ? null : Map.copyOf(rates);
        recent = recent == null ? List.of() : List.copyOf(recent);
        replays = replays == null || replays.isEmpty() ? null : List.copyOf(replays);
    }

    Update into(Update update) {
        return update.set("elapsedMillis", elapsedMillis).set("results", results).set("rateChanges", rateChanges)
                .set("rates", rates).set("ratesVersion", ratesVersion).set("recent", recent).set("replays", replays);
    }
}
