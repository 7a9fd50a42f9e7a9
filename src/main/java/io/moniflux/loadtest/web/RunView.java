package io.moniflux.loadtest.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.loadtest.RunNotification;
import io.moniflux.loadtest.RunSnapshot;
import io.moniflux.loadtest.RunStatus;
import io.moniflux.loadtest.TestRun;
import io.moniflux.observe.TargetStatus;
import io.moniflux.results.CapacityResult;
import io.moniflux.results.Replay;
import io.moniflux.results.ThresholdResult;
import io.moniflux.results.Verification;

/**
 * One run of a test with its results, as {@link RunSnapshot} has them: live progress while it runs,
 * final results after.
 *
 * @param logRate       the definition's rates the run started with
 * @param elapsed       seconds it has been active
 * @param lastSecond    the last second of the run every part has reported
 * @param rates         target rate per signal now (a running run): stages, live changes and capacity
 *                      steps applied
 * @param achievedRates events per signal the destination accepted in {@code lastSecond}
 * @param bottleneck    when MoniFlux itself could not keep up: since which second, and what to do
 * @param observation   how the scrapes of each watched endpoint went
 * @param replays       events that may have been sent twice, where a replica took a part over from an owner
 *                      that stopped without handing it over
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunView(
        String runID,
        String testID,
        int number,
        RunStatus status,
        Instant startedAt,
        Instant endedAt,
        String endReason,
        double logRate,
        double metricsRate,
        double traceRate,
        int duration,
        double elapsed,
        double remaining,
        Long lastSecond,
        Map<String, Double> rates,
        Map<String, Double> achievedRates,
        Map<String, SignalResultsView> results,
        String bottleneck,
        List<Replay> replays,
        List<ThresholdResult> thresholds,
        CapacityResult capacity,
        List<TargetStatus> observation,
        Verification verification,
        List<RunNotification> notifications,
        List<PartView> parts) {

    static RunView of(RunSnapshot snapshot) {
        TestRun run = snapshot.run();
        Map<String, Double> rates = new TreeMap<>();
        Map<String, Double> achieved = new TreeMap<>();
        Map<String, SignalResultsView> results = new TreeMap<>();
        snapshot.signals().forEach((signal, s) -> {
            if (s.targetRateNow() != null) {
                rates.put(signal, s.targetRateNow());
            }
            if (s.achievedRateNow() != null && !snapshot.ended()) {
                achieved.put(signal, s.achievedRateNow());
            }
            results.put(signal, SignalResultsView.of(signal, s));
        });
        return new RunView(run.runID(), run.testID(), run.number(), run.status(), run.startedAt(), run.endedAt(),
                run.endReason() == null ? null : run.endReason().describe(), run.spec().logRate(), run.spec().metricsRate(),
                run.spec().traceRate(), run.spec().duration(), snapshot.elapsed(), snapshot.remaining(), snapshot.lastSecond(),
                rates.isEmpty() ? null : rates, achieved.isEmpty() ? null : achieved, results, snapshot.bottleneck(),
                snapshot.replays().isEmpty() ? null : snapshot.replays(),
                snapshot.results().thresholds().isEmpty() ? null : snapshot.results().thresholds(), snapshot.results().capacity(),
                snapshot.results().observation().isEmpty() ? null : snapshot.results().observation(), run.verification(), run.notifications().isEmpty() ? null : run.notifications(),
                snapshot.parts().stream().map(PartView::of).toList());
    }
}
