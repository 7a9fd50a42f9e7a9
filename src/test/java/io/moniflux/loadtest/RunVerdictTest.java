package io.moniflux.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.moniflux.delivery.json.HttpJsonDestination;
import io.moniflux.results.EndReason;
import io.moniflux.results.RunResults;
import io.moniflux.results.SignalResults;
import io.moniflux.results.ThresholdResult;

/** The one place a run's verdict is decided, fed what its parts did. */
class RunVerdictTest {

    static final TestSpec SPEC = new TestSpec("INFO", 10, 10, 0, 0, 10, HttpJsonDestination.of("d", "127.0.0.1", 9, null), 2,
            null, null, null, null, null, null, null, null);

    static TestRun running(EndReason stopRequest) {
        TestRun run = TestRun.launch(LoadTest.create("t", "u", SPEC, null, Instant.EPOCH).start(Action.START, SPEC, "u", Instant.EPOCH),
                Instant.EPOCH);
        return stopRequest == null ? run : run.requestStop(stopRequest).orElseThrow();
    }

    static RunResults results(long sent, boolean thresholdPassed) {
        return new RunResults(Map.of("logs", new SignalResults(sent, sent, 0, 0, 0, sent, null, null, null, null, null, null)),
                List.of(new ThresholdResult("errorRate(all) <= 0.01 over 10s", "errorRate", null, 0.01, thresholdPassed,
                        thresholdPassed ? 0.0 : 0.2, thresholdPassed ? null : 4L, false, 5)), null);
    }

    @Test
    void partsThatRanTheirDurationCompleteTheRunWithTheirResultsAdded() {
        RunVerdict verdict = RunVerdict.of(running(null), List.of(new PartOutcome(results(40, true), EndReason.COMPLETED, 10_000),
                new PartOutcome(results(60, true), EndReason.COMPLETED, 9_500)));
        assertThat(verdict.status()).isEqualTo(RunStatus.Completed);
        assertThat(verdict.reason()).isEqualTo(EndReason.COMPLETED);
        assertThat(verdict.results().signal("logs").sent()).isEqualTo(100);
        assertThat(verdict.activeMillis()).isEqualTo(10_000);
    }

    @Test
    void failedThresholdsFailTheRunAtItsEnd() {
        RunVerdict verdict = RunVerdict.of(running(null), List.of(new PartOutcome(results(40, true), EndReason.COMPLETED, 10_000),
                new PartOutcome(results(60, false), EndReason.COMPLETED, 10_000)));
        assertThat(verdict.status()).isEqualTo(RunStatus.Failed);
        assertThat(verdict.reason()).isInstanceOf(EndReason.ThresholdsFailed.class);
        assertThat(verdict.reason().describe()).isEqualTo("thresholds failed: errorRate(all) <= 0.01 over 10s (worst 0.2)");
    }

    @Test
    void aCancelledRunIsCancelledWhateverItsThresholdsSaid() {
        RunVerdict verdict = RunVerdict.of(running(EndReason.CANCELLED), List.of(
                new PartOutcome(results(6, false), EndReason.CANCELLED, 3_000)));
        assertThat(verdict.status()).isEqualTo(RunStatus.Cancelled);
        assertThat(verdict.reason()).isEqualTo(EndReason.CANCELLED);
    }

    @Test
    void aThresholdThatAbortedFailsTheRunWithItsBreachEvenThoughOtherPartsWereStopped() {
        EndReason.ThresholdAborted breach = new EndReason.ThresholdAborted("errorRate(logs) <= 0.01 over 10s", 0.31, 12);
        RunVerdict verdict = RunVerdict.of(running(breach), List.of(new PartOutcome(results(10, false), breach, 12_000),
                new PartOutcome(results(10, true), breach, 12_000)));
        assertThat(verdict.status()).isEqualTo(RunStatus.Failed);
        assertThat(verdict.reason()).isEqualTo(breach);
        assertThat(verdict.reason().describe())
                .isEqualTo("threshold breached: errorRate(logs) <= 0.01 over 10s was 0.31 at second 12");
    }

    @Test
    void aPartThatFailedFailsTheRunWithItsCause() {
        RunVerdict verdict = RunVerdict.of(running(null), List.of(new PartOutcome(results(10, true), EndReason.COMPLETED, 10_000),
                new PartOutcome(null, new EndReason.Failed("could not start: no such protocol"), 0)));
        assertThat(verdict.status()).isEqualTo(RunStatus.Failed);
        assertThat(verdict.reason().describe()).isEqualTo("failed: could not start: no such protocol");
    }

    @Test
    void aRunEndsOnceAndItsTestFollowsUnlessItMovedOn() {
        TestRun run = running(null);
        RunVerdict verdict = RunVerdict.of(run, List.of(new PartOutcome(results(10, false), EndReason.COMPLETED, 10_000)));
        TestRun ended = run.end(verdict, Instant.EPOCH.plusSeconds(10)).orElseThrow();
        assertThat(ended.end(verdict, Instant.EPOCH.plusSeconds(11))).as("a second end changes nothing").isEmpty();

        LoadTest test = LoadTest.create("t", "u", SPEC, null, Instant.EPOCH).start(Action.START, SPEC, "u", Instant.EPOCH);
        LoadTest followed = test.runEnded(ended, null, Instant.EPOCH.plusSeconds(10));
        assertThat(followed.status()).isEqualTo(TestStatus.Failed);
        assertThat(followed.statusReason()).startsWith("thresholds failed: ");
        LoadTest cancelled = test.cancel(Instant.EPOCH.plusSeconds(5));
        assertThat(cancelled.runEnded(ended, null, Instant.EPOCH.plusSeconds(10))).isSameAs(cancelled);
    }
}
