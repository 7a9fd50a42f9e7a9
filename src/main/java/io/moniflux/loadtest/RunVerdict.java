package io.moniflux.loadtest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.moniflux.results.EndReason;
import io.moniflux.results.RunResults;
import io.moniflux.results.Threshold;
import io.moniflux.results.ThresholdResult;

/**
 * How a run ended, decided in this one place from what its parts did — on a normal end, on the repair
 * of a crash and after a failover alike:
 * <ol>
 * <li>a part that failed fails the run with its cause;</li>
 * <li>a threshold that aborted (in any part) fails it with its breach;</li>
 * <li>a run asked to stop (cancel, restart) is Cancelled with that reason;</li>
 * <li>a run whose thresholds failed is Failed, naming them;</li>
 * <li>otherwise it is Completed, with the capacity search's answer when it had one.</li>
 * </ol>
 *
 * @param results      the parts' results merged (counters add, histograms merge, a threshold fails
 *                     when it failed anywhere)
 * @param activeMillis how long the run really ran: its longest part
 */
record RunVerdict(RunStatus status, EndReason reason, RunResults results, long activeMillis) {

    static RunVerdict of(TestRun run, List<PartOutcome> parts) {
        RunResults merged = parts.stream().map(PartOutcome::results).reduce(RunResults.EMPTY, RunResults::plus);
        long active = parts.stream().mapToLong(PartOutcome::elapsedMillis).max().orElse(0);
        Optional<EndReason> failed = parts.stream().map(PartOutcome::reason)
                .filter(reason -> reason instanceof EndReason.Failed).findFirst();
        if (failed.isPresent()) {
            return new RunVerdict(RunStatus.Failed, failed.get(), merged, active);
        }
        Optional<EndReason> aborted = run.stopRequest() instanceof EndReason.ThresholdAborted requested ? Optional.of(requested)
                : parts.stream().map(PartOutcome::reason).filter(reason -> reason instanceof EndReason.ThresholdAborted).findFirst();
        if (aborted.isPresent()) {
            return new RunVerdict(RunStatus.Failed, aborted.get(), merged, active);
        }
        if (run.stopRequest() != null) {
            return new RunVerdict(RunStatus.Cancelled, run.stopRequest(), merged, active);
        }
        List<ThresholdResult> broken = merged.failedThresholds();
        if (!broken.isEmpty()) {
            return new RunVerdict(RunStatus.Failed, new EndReason.ThresholdsFailed(broken.stream()
                    .map(t -> t.threshold() + (t.worst() == null ? "" : " (worst " + Threshold.number(t.worst()) + ")"))
                    .toList()), merged, active);
        }
        boolean found = parts.stream().map(PartOutcome::reason).filter(Objects::nonNull)
                .anyMatch(reason -> reason instanceof EndReason.CapacityFound);
        return new RunVerdict(RunStatus.Completed, found ? EndReason.CAPACITY_FOUND : EndReason.COMPLETED, merged, active);
    }
}
