package io.moniflux.loadtest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.moniflux.results.Replay;
import io.moniflux.results.RunResults;
import io.moniflux.results.TimelinePoint;

/**
 * How far one part of a run got, as its owner last persisted it.
 *
 * @param owner        the replica executing it; null when none does
 * @param elapsedMillis of the run's duration, when it was persisted ({@code updatedAt})
 * @param results      its counters and latency so far
 * @param rates        the rate of each signal of this part at that moment (stages, live changes and
 *                     capacity steps applied); null before its first checkpoint
 * @param ratesVersion the run's live rate change it had applied by then
 * @param recent       its last closed seconds, per signal
 * @param replays      events that may have been sent twice, one window per takeover from an owner that
 *                     stopped without handing the part over
 */
public record PartProgress(int index, PartState state, String owner, long elapsedMillis, Instant updatedAt,
        RunResults results, Map<String, Double> rates, long ratesVersion, List<TimelinePoint> recent, List<Replay> replays) {

    public PartProgress {
        results = results == null ? RunResults.EMPTY : results;
        rates = rates == null ? null : Map.copyOf(rates);
        recent = recent == null ? List.of() : List.copyOf(recent);
        replays = replays == null ? List.of() : List.copyOf(replays);
    }
}
