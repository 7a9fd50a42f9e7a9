package io.moniflux.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.HdrHistogram.Histogram;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import io.moniflux.results.ThresholdMonitor.Breach;
import io.moniflux.results.ThresholdMonitor.Sample;

class ThresholdMonitorTest {

    static Threshold errorRate(double max, int window, boolean abort) {
        return new Threshold(Threshold.Metric.ERROR_RATE, "logs", null, max, window, abort, 0);
    }

    static Map<String, Sample> second(long second, long sent, long failed, long missed, double target, long... latencyMicros) {
        Histogram latency = Histograms.empty();
        for (long micros : latencyMicros) {
            latency.recordValue(micros);
        }
        return Map.of("logs", new Sample(new TimelinePoint(second, "logs", target, sent + failed, sent, failed, missed, 0, 0), latency));
    }

    @Test
    void anAbortingThresholdBreaksOnTheFirstFullWindowOverItsLimit() {
        ThresholdMonitor monitor = new ThresholdMonitor(List.of(errorRate(0.1, 5, true)));
        for (long s = 0; s < 10; s++) {
            assertThat(monitor.observe(s, second(s, 100, 0, 0, 100))).isEmpty();
        }
        // the receiver starts refusing a third of the requests at second 10
        Optional<Breach> breach = Optional.empty();
        long at = -1;
        for (long s = 10; s < 20 && breach.isEmpty(); s++) {
            breach = monitor.observe(s, second(s, 67, 33, 0, 100));
            at = s;
        }
        assertThat(breach).isPresent();
        assertThat(at).as("within one window of the failures starting").isLessThanOrEqualTo(14);
        assertThat(breach.get().reason().describe()).startsWith("threshold breached: errorRate(logs) <= 0.1 over 5s was ");
        ThresholdResult result = monitor.results().getFirst();
        assertThat(result.passed()).isFalse();
        assertThat(result.aborted()).isTrue();
        assertThat(result.breachedAt()).isEqualTo(at);
    }

    @Test
    void aNonAbortingThresholdFailsWithoutStoppingAndKeepsItsWorstValue() {
        ThresholdMonitor monitor = new ThresholdMonitor(List.of(errorRate(0.05, 2, false)));
        long[] failed = {0, 0, 10, 40, 0, 0, 0};
        for (int s = 0; s < failed.length; s++) {
            assertThat(monitor.observe(s, second(s, 100 - failed[s], failed[s], 0, 100))).isEmpty();
        }
        ThresholdResult result = monitor.results().getFirst();
        assertThat(result.passed()).isFalse();
        assertThat(result.worst()).isEqualTo(0.25); // seconds 2 and 3: 50 failed of 200
        assertThat(result.breachedAt()).as("seconds 1 and 2 are at the limit, not over it").isEqualTo(3);
        assertThat(result.windows()).isEqualTo(6);
    }

    @Test
    void latencyIsThePercentileOfTheWindowsAnswersNotOfPerSecondPercentiles() {
        Threshold p99 = new Threshold(Threshold.Metric.LATENCY, null, 99.0, 50.0, 3, false, 0);
        ThresholdMonitor monitor = new ThresholdMonitor(List.of(p99));
        long[] fast = new long[99];
        Arrays.fill(fast, 1_000);
        monitor.observe(0, second(0, 99, 0, 0, 100, fast));
        monitor.observe(1, second(1, 99, 0, 0, 100, fast));
        long[] slow = {1_000, 200_000}; // one slow answer in three seconds: below the 99th percentile
        monitor.observe(2, second(2, 2, 0, 0, 100, slow));
        assertThat(monitor.results().getFirst().passed()).isTrue();
        assertThat(monitor.results().getFirst().worst()).isLessThan(2.0);
    }

    @Test
    void achievedRatioAndMissedRateAndTheDelayBeforeAborting() {
        Threshold ratio = new Threshold(Threshold.Metric.ACHIEVED_RATIO, null, null, 0.9, 1, true, 3);
        Threshold missed = new Threshold(Threshold.Metric.MISSED_RATE, "logs", null, 0.5, 1, false, 0);
        ThresholdMonitor monitor = new ThresholdMonitor(List.of(ratio, missed));
        assertThat(monitor.observe(0, second(0, 50, 0, 60, 100))).as("warm-up: no abort before second 3").isEmpty();
        assertThat(monitor.observe(1, second(1, 95, 0, 0, 100))).isEmpty();
        Optional<Breach> breach = monitor.observe(3, second(3, 80, 0, 0, 100));
        assertThat(breach).isPresent();
        assertThat(breach.get().threshold()).isEqualTo("achievedRatio(all) >= 0.9 over 1s");
        List<ThresholdResult> results = monitor.results();
        assertThat(results.get(0).breachedAt()).as("the warm-up breach still fails it").isEqualTo(0);
        assertThat(results.get(0).worst()).isEqualTo(0.5);
        assertThat(results.get(1).passed()).isFalse();
        assertThat(results.get(1).worst()).isCloseTo(60.0 / 110, Offset.offset(1e-6));
    }

    @Test
    void aRunShorterThanTheWindowIsJudgedOnAllItsSecondsAtTheEnd() {
        ThresholdMonitor monitor = new ThresholdMonitor(List.of(errorRate(0.01, 10, true)));
        monitor.observe(0, second(0, 90, 10, 0, 100));
        monitor.observe(1, second(1, 100, 0, 0, 100));
        assertThat(monitor.results().getFirst().windows()).isZero();
        monitor.finish();
        ThresholdResult result = monitor.results().getFirst();
        assertThat(result.passed()).isFalse();
        assertThat(result.worst()).isEqualTo(0.05);
        assertThat(result.aborted()).isFalse();
    }

    @Test
    void partsVerdictsMergeAsTheWorstOfThem() {
        ThresholdResult a = new ThresholdResult("x", "errorRate", "logs", 0.1, true, 0.02, null, false, 5);
        ThresholdResult b = new ThresholdResult("x", "errorRate", "logs", 0.1, false, 0.3, 7L, true, 5);
        ThresholdResult merged = a.plus(b);
        assertThat(merged.passed()).isFalse();
        assertThat(merged.worst()).isEqualTo(0.3);
        assertThat(merged.breachedAt()).isEqualTo(7);
        assertThat(merged.aborted()).isTrue();
        ThresholdResult ratioA = new ThresholdResult("r", "achievedRatio", null, 0.9, true, 0.95, null, false, 1);
        ThresholdResult ratioB = new ThresholdResult("r", "achievedRatio", null, 0.9, true, 0.99, null, false, 1);
        assertThat(ratioA.plus(ratioB).worst()).as("lower is worse for a ratio").isEqualTo(0.95);
    }
}
