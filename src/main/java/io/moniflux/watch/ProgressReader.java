package io.moniflux.watch;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

import io.moniflux.loadtest.LoadTest;
import io.moniflux.loadtest.LoadTests;
import io.moniflux.loadtest.RunProgress;
import io.moniflux.loadtest.TestRun;
import io.moniflux.loadtest.TestStatus;
import io.moniflux.results.RunResults;
import io.moniflux.results.SignalResults;
import io.moniflux.results.TimelinePoint;
import io.moniflux.results.TimelineStore;
import io.moniflux.watch.ProgressFrame.Kind;
import io.moniflux.watch.ProgressFrame.SignalFrame;

/**
 * Reads a test's progress from what the replicas executing it persisted, so that any replica can
 * answer, whichever owns the run.
 */
@Component
class ProgressReader {

    private final LoadTests tests;
    private final TimelineStore timeline;
    private final Clock clock;

    ProgressReader(LoadTests tests, TimelineStore timeline, Clock clock) {
        this.tests = tests;
        this.timeline = timeline;
        this.clock = clock;
    }

    /** The test's current frame; empty when the test no longer exists. */
    Optional<ProgressFrame> current(String testID) {
        Optional<LoadTest> found = tests.find(testID);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        LoadTest test = found.get();
        Optional<TestRun> run = tests.currentRun(test);
        if (run.isPresent() && run.get().status() == TestStatus.Running) {
            return Optional.of(progress(run.get()));
        }
        if (test.status() == TestStatus.Pending || test.status() == TestStatus.Scheduled) {
            return Optional.of(new ProgressFrame(Kind.waiting, testID, null, null, test.status(), null, null, null,
                    test.spec().duration(), null, null, test.schedule() == null ? null : test.schedule().at(), null, null, clock.instant()));
        }
        if (run.isPresent()) {
            return Optional.of(end(run.get()));
        }
        List<TestRun> runs = tests.runs(testID);
        return Optional.of(runs.isEmpty()
                ? new ProgressFrame(Kind.end, testID, null, null, test.status(), null, null, null, test.spec().duration(),
                        Map.of(), test.statusReason(), null, null, null, clock.instant())
                : end(runs.getFirst()));
    }

    /** The final frame of a run, once it has ended. */
    Optional<ProgressFrame> ended(String testID, String runID) {
        try {
            TestRun run = tests.run(testID, runID);
            return run.status() == TestStatus.Running ? Optional.empty() : Optional.of(end(run));
        } catch (RuntimeException gone) {
            return Optional.empty();
        }
    }

    private ProgressFrame progress(TestRun run) {
        RunProgress progress = tests.progress(run);
        long elapsedSecond = (long) progress.elapsed();
        TimelineStore.Window window = timeline.since(run.runID(), Math.max(0, elapsedSecond - 5));
        Long second = window.complete() < 0 ? null : window.complete();
        Map<String, TimelinePoint> latest = new TreeMap<>();
        if (second != null) {
            window.at(second).forEach(point -> latest.put(point.signal(), point));
        }
        Map<String, SignalFrame> signals = new TreeMap<>();
        progress.targetRates().forEach((signal, target) -> {
            TimelinePoint point = latest.get(signal);
            SignalResults totals = results(progress.results(), signal);
            signals.put(signal, new SignalFrame(point != null ? round(point.targetRate()) : target,
                    point != null ? point.sent() : 0, totals.attempted(), totals.sent(), totals.failed(), totals.missed(),
                    answered(point) ? point.p50() : null, answered(point) ? point.p99() : null));
        });
        return new ProgressFrame(Kind.progress, run.testID(), run.runID(), run.number(), run.status(), second,
                round(progress.elapsed()), round(progress.remaining()), run.spec().duration(), signals, null, null, null, null,
                clock.instant());
    }

    private ProgressFrame end(TestRun run) {
        RunProgress progress = tests.progress(run);
        double elapsed = progress.elapsed();
        Map<String, SignalFrame> signals = new TreeMap<>();
        for (var signal : run.spec().signals()) {
            SignalResults totals = results(progress.results(), signal.key());
            signals.put(signal.key(), new SignalFrame(run.spec().rate(signal),
                    elapsed <= 0 ? 0 : round(totals.sent() / elapsed), totals.attempted(), totals.sent(), totals.failed(),
                    totals.missed(), totals.latency().p50(), totals.latency().p99()));
        }
        return new ProgressFrame(Kind.end, run.testID(), run.runID(), run.number(), run.status(), null, round(elapsed),
                round(progress.remaining()), run.spec().duration(), signals, run.endReason(), null,
                progress.results() == null || progress.results().thresholds().isEmpty() ? null : progress.results().thresholds(),
                progress.results() == null || progress.results().capacity() == null ? null : progress.results().capacity().summary(),
                clock.instant());
    }

    /** Whether responses came in that second: a second without any has no latency rather than 0. */
    private static boolean answered(TimelinePoint point) {
        return point != null && point.sent() + point.failed() > 0;
    }

    private static SignalResults results(RunResults results, String signal) {
        SignalResults found = results == null ? null : results.signals().get(signal);
        return found == null ? SignalResults.EMPTY : found;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
