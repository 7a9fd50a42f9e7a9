package io.moniflux.watch;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

import io.moniflux.loadtest.LoadTest;
import io.moniflux.observe.ObservedValue;
import io.moniflux.observe.TargetStatus;
import io.moniflux.loadtest.RunSnapshot;
import io.moniflux.loadtest.RunStatus;
import io.moniflux.loadtest.TestRun;
import io.moniflux.results.SignalResults;
import io.moniflux.telemetry.Signal;
import io.moniflux.results.Replay;
import io.moniflux.results.TimelinePoint;
import io.moniflux.watch.ProgressFrame.Kind;
import io.moniflux.watch.ProgressFrame.SignalFrame;

/** The stream's frames, each drawn from a run's {@link RunSnapshot} (or a test that waits for a run). */
@Component
class ProgressFrames {

    private final Clock clock;

    ProgressFrames(Clock clock) {
        this.clock = clock;
    }

    /** The test has no run to show yet: pending, scheduled, or its run is being written. */
    ProgressFrame waiting(LoadTest test) {
        return new ProgressFrame(Kind.waiting, test.testID(), null, null, test.status().name(), null, null, null,
                test.spec().duration(), null, null, test.schedule() == null ? null : test.schedule().at(), null, null, null,
                null, null, null, null, clock.instant());
    }

    /** A test that ended without a run (a missed schedule, a schedule called off). */
    ProgressFrame endWithoutRun(LoadTest test) {
        return new ProgressFrame(Kind.end, test.testID(), null, null, test.status().name(), null, null, null,
                test.spec().duration(), Map.of(), test.statusReason(), null, null, null, null, null, null, null, null, clock.instant());
    }

    /**
     * One second of the run: that second's rates and latency (the parts added up), the counters so far.
     * Before the first second is complete, {@code points} is null and the frame has only the counters. Its
     * status is the run's in that second, Running, even when the stream catches up after the run ended.
     */
    ProgressFrame progress(RunSnapshot snapshot, Long second, Map<String, TimelinePoint> points) {
        TestRun run = snapshot.run();
        Map<String, SignalFrame> signals = new TreeMap<>();
        snapshot.signals().forEach((signal, s) -> {
            TimelinePoint point = points == null ? null : points.get(signal);
            SignalResults totals = s.results();
            boolean answered = point != null && point.sent() + point.failed() > 0;
            signals.put(signal, new SignalFrame(point != null ? round(point.targetRate())
                    : s.targetRateNow() == null ? 0 : s.targetRateNow(), point != null ? point.sent() : 0, totals.attempted(),
                    totals.sent(), totals.failed(), totals.missed(), totals.generatorMissed(), answered ? point.p50() : null,
                    answered ? point.p99() : null, samples(signal, totals)));
        });
        Double cpu = points == null ? null : points.values().stream().map(TimelinePoint::cpu).filter(Objects::nonNull)
                .max(Double::compare).orElse(null);
        List<ObservedValue> observed = points == null ? List.of()
                : points.values().stream().flatMap(point -> point.observed().stream()).toList();
        return new ProgressFrame(Kind.progress, run.testID(), run.runID(), run.number(), RunStatus.Running.name(), second,
                snapshot.elapsed(), snapshot.remaining(), run.spec().duration(), signals, null, null, null, null,
                snapshot.bottleneck(), replays(snapshot), cpu, observed.isEmpty() ? null : observed, observation(snapshot),
                clock.instant());
    }

    private static Long samples(String signal, SignalResults results) {
        return Signal.METRICS.key().equals(signal) ? results.samples() : null;
    }

    /** The run ended: its averages, totals, latency, verdict and last second. */
    ProgressFrame end(RunSnapshot snapshot) {
        TestRun run = snapshot.run();
        Map<String, SignalFrame> signals = new TreeMap<>();
        snapshot.signals().forEach((signal, s) -> signals.put(signal, new SignalFrame(s.targetRate(), s.achievedRate(),
                s.results().attempted(), s.results().sent(), s.results().failed(), s.results().missed(),
                s.results().generatorMissed(), s.results().latency().p50(), s.results().latency().p99(),
                samples(signal, s.results()))));
        Long last = snapshot.lastSecond() != null ? snapshot.lastSecond()
                : snapshot.elapsed() > 0 ? (long) Math.ceil(snapshot.elapsed()) - 1 : null;
        return new ProgressFrame(Kind.end, run.testID(), run.runID(), run.number(), run.status().name(), last,
                snapshot.elapsed(), snapshot.remaining(), run.spec().duration(), signals,
                run.endReason() == null ? null : run.endReason().describe(), null,
                snapshot.results().thresholds().isEmpty() ? null : snapshot.results().thresholds(),
                snapshot.results().capacity() == null ? null : snapshot.results().capacity().summary(), snapshot.bottleneck(),
                replays(snapshot), null, null, observation(snapshot), clock.instant());
    }

    private static List<TargetStatus> observation(RunSnapshot snapshot) {
        return snapshot.results().observation().isEmpty() ? null : snapshot.results().observation();
    }

    private static List<String> replays(RunSnapshot snapshot) {
        return snapshot.replays().isEmpty() ? null : snapshot.replays().stream().map(Replay::describe).toList();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
