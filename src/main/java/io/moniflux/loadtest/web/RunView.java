package io.moniflux.loadtest.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.loadtest.RunProgress;
import io.moniflux.loadtest.TestRun;
import io.moniflux.loadtest.TestStatus;

/**
 * One run of a test with its results: live progress while it runs, final results after.
 *
 * @param rates target rates per signal now (a running run), as changed live
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunView(
        String runID,
        String testID,
        int number,
        TestStatus status,
        Instant startedAt,
        Instant endedAt,
        String endReason,
        double logRate,
        double metricsRate,
        double traceRate,
        int duration,
        double elapsed,
        double remaining,
        Map<String, Double> rates,
        Map<String, Double> achievedRates,
        Map<String, SignalResultsView> results,
        List<io.moniflux.results.ThresholdResult> thresholds,
        io.moniflux.results.CapacityResult capacity,
        io.moniflux.results.Verification verification,
        List<io.moniflux.loadtest.RunNotification> notifications,
        List<RunProgress.PartProgress> parts) {

    static RunView of(TestRun run, RunProgress progress) {
        return new RunView(run.runID(), run.testID(), run.number(), run.status(), run.startedAt(), run.endedAt(),
                run.endReason(), run.spec().logRate(), run.spec().metricsRate(), run.spec().traceRate(),
                run.spec().duration(), progress.elapsed(), progress.remaining(),
                progress.targetRates().isEmpty() ? null : progress.targetRates(),
                progress.achievedRates().isEmpty() ? null : progress.achievedRates(),
                SignalResultsView.of(progress.results(), progress.elapsed()),
                progress.results() == null || progress.results().thresholds().isEmpty() ? null : progress.results().thresholds(),
                progress.results() == null ? null : progress.results().capacity(), run.verification(), run.notifications(),
                progress.parts());
    }
}
