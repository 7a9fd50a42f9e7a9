package io.moniflux.loadtest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

import org.springframework.stereotype.Service;

import io.moniflux.results.RunResults;
import io.moniflux.results.SignalResults;
import io.moniflux.results.TimelinePoint;
import io.moniflux.telemetry.Signal;

/**
 * Builds the one read model of runs, {@link RunSnapshot}, from what the runs' owners persisted, so that
 * any replica answers the same, whichever executes the run. A part's progress is carried forward from
 * its last checkpoint by the time since, for at most {@link #CARRY_FORWARD_MILLIS}: an owner that stopped
 * persisting (it died, or lost the database) stops the run's clock, and a run resumed after a downtime
 * counts only the time it was really running.
 */
@Service
public class RunSnapshots {

    /** A healthy owner persists every second; beyond this its last checkpoint is all that is known. */
    static final long CARRY_FORWARD_MILLIS = 2_000;

    private final RunParts parts;
    private final Clock clock;

    RunSnapshots(RunParts parts, Clock clock) {
        this.parts = parts;
        this.clock = clock;
    }

    public RunSnapshot of(TestRun run) {
        return of(List.of(run)).getFirst();
    }

    /** Snapshots of several runs, their parts read at once. */
    public List<RunSnapshot> of(List<TestRun> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        Map<String, List<PartProgress>> progress = parts.progress(runs);
        Instant now = clock.instant();
        List<RunSnapshot> snapshots = new ArrayList<>(runs.size());
        for (TestRun run : runs) {
            snapshots.add(build(run, progress.getOrDefault(run.runID(), List.of()), now));
        }
        return snapshots;
    }

    static RunSnapshot build(TestRun run, List<PartProgress> parts, Instant now) {
        long durationMillis = run.spec().duration() * 1000L;
        boolean ended = run.status().ended();
        long activeMillis = ended && run.activeMillis() != null ? run.activeMillis()
                : parts.stream().mapToLong(part -> active(part, now, durationMillis)).max().orElse(0);
        double elapsed = activeMillis / 1000.0;
        RunResults results = ended && run.results() != null ? run.results()
                : parts.stream().map(PartProgress::results).reduce(RunResults.EMPTY, RunResults::plus);
        NavigableMap<Long, Map<String, TimelinePoint>> recent = recent(parts);
        Long lastSecond = recent.isEmpty() ? null : recent.lastKey();
        Map<String, RunSnapshot.SignalSnapshot> signals = new TreeMap<>();
        for (Signal signal : run.spec().signals()) {
            SignalResults totals = results.signal(signal.key());
            TimelinePoint last = lastSecond == null ? null : recent.get(lastSecond).get(signal.key());
            signals.put(signal.key(), new RunSnapshot.SignalSnapshot(ended ? null : round(targetNow(run, parts, signal)),
                    elapsed <= 0 ? 0 : round((totals.attempted() + totals.missed()) / elapsed),
                    last == null ? null : (double) last.sent(), elapsed <= 0 ? 0 : round(totals.sent() / elapsed), totals));
        }
        Long limitedFrom = results.signals().values().stream().map(SignalResults::generatorLimitedFrom).filter(Objects::nonNull)
                .min(Long::compare).orElse(null);
        return new RunSnapshot(run, round(elapsed), ended ? 0 : round(Math.max(0, durationMillis - activeMillis) / 1000.0),
                lastSecond, signals, results, parts, Collections.unmodifiableNavigableMap(recent), limitedFrom == null ? null
                        : "MoniFlux itself was the bottleneck from second " + limitedFrom + ": add workers or replicas");
    }

    /** How far a part got: its checkpoint, carried forward while its owner executes it. */
    private static long active(PartProgress part, Instant now, long durationMillis) {
        if (part.state() != PartState.Running || part.owner() == null || part.updatedAt() == null) {
            return part.elapsedMillis();
        }
        long since = Math.clamp(now.toEpochMilli() - part.updatedAt().toEpochMilli(), 0, CARRY_FORWARD_MILLIS);
        return Math.min(durationMillis, part.elapsedMillis() + since);
    }

    /**
     * The rate asked for now: each part's, as it last persisted it, unless a live change came after; a part
     * that has not persisted yet is at its start.
     */
    private static double targetNow(TestRun run, List<PartProgress> parts, Signal signal) {
        int workers = Math.max(1, run.spec().workers());
        double live = run.ratesVersion() > 0 ? run.rates().getOrDefault(signal.key(), 0.0) : run.spec().rate(signal);
        if (parts.isEmpty()) {
            return live;
        }
        double total = 0;
        for (PartProgress part : parts) {
            if (part.state() == PartState.Done) {
                continue;
            }
            boolean current = part.rates() != null && part.ratesVersion() >= run.ratesVersion();
            total += current ? part.rates().getOrDefault(signal.key(), 0.0) : live / workers;
        }
        return total;
    }

    /**
     * The seconds every part that has reported any holds, its points added up: from the latest first
     * second of a part's recent ones to the earliest last one, so that no second lacks a part.
     */
    private static NavigableMap<Long, Map<String, TimelinePoint>> recent(List<PartProgress> parts) {
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        boolean any = false;
        for (PartProgress part : parts) {
            if (part.recent().isEmpty()) {
                continue;
            }
            any = true;
            long first = part.recent().stream().mapToLong(TimelinePoint::second).min().orElseThrow();
            long last = part.recent().stream().mapToLong(TimelinePoint::second).max().orElseThrow();
            from = Math.max(from, first);
            to = Math.min(to, last);
        }
        NavigableMap<Long, Map<String, TimelinePoint>> seconds = new TreeMap<>();
        if (!any) {
            return seconds;
        }
        for (PartProgress part : parts) {
            for (TimelinePoint point : part.recent()) {
                if (point.second() >= from && point.second() <= to) {
                    seconds.computeIfAbsent(point.second(), second -> new LinkedHashMap<>())
                            .merge(point.signal(), point, TimelinePoint::plus);
                }
            }
        }
        return seconds;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
