package io.moniflux.loadtest;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import io.moniflux.results.Replay;
import io.moniflux.results.RunResults;
import io.moniflux.results.SignalResults;
import io.moniflux.results.TimelinePoint;

/**
 * A run as every view shows it — the API's run and progress, the stream's frames, the reports, the
 * webhooks and the dashboard — each figure decided here once.
 *
 * @param run        the run as stored
 * @param elapsed    seconds the run has been active: its owners' time, without a downtime between them
 * @param remaining  seconds of its duration left; 0 once it ended
 * @param lastSecond the last second of the run that every part has reported; null before the first
 * @param signals    per signal it generates ({@code logs}, {@code metrics}, {@code traces})
 * @param results    its counters, latency, thresholds and capacity search so far (final once it ended)
 * @param parts      who executes what, and how far each part got
 * @param recent     its last seconds that every part has reported, per signal, parts added up
 * @param bottleneck when MoniFlux itself could not generate what was asked (the pacer fell behind while it
 *                   could have sent): since which second, and what to do; null when it kept up
 */
public record RunSnapshot(TestRun run, double elapsed, double remaining, Long lastSecond, Map<String, SignalSnapshot> signals,
        RunResults results, List<PartProgress> parts, NavigableMap<Long, Map<String, TimelinePoint>> recent,
        String bottleneck) {

    /**
     * One signal of the run.
     *
     * @param targetRateNow   events per second asked for now (stages, live changes and capacity steps
     *                        applied); null once the run ended
     * @param targetRate      events per second asked for on average over the run so far: due / elapsed
     * @param achievedRateNow events the destination accepted in {@code lastSecond}; null before it
     * @param achievedRate    events accepted per second on average: sent / elapsed
     * @param results         counters and latency so far
     */
    public record SignalSnapshot(Double targetRateNow, double targetRate, Double achievedRateNow, double achievedRate,
            SignalResults results) {
    }

    /** The windows of events that may have been sent twice, from every takeover of a part, in part order. */
    public List<Replay> replays() {
        return parts.stream().flatMap(part -> part.replays().stream()).toList();
    }

    public RunStatus status() {
        return run.status();
    }

    public boolean ended() {
        return run.status().ended();
    }
}
