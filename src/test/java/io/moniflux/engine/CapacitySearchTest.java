package io.moniflux.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import io.moniflux.observe.ObservedValue;
import io.moniflux.results.CapacityResult;
import io.moniflux.results.Threshold;
import io.moniflux.results.ThresholdMonitor.Sample;
import io.moniflux.results.TimelinePoint;
import io.moniflux.telemetry.Signal;

/** The search fed the seconds of a simulated backend that refuses what exceeds its ceiling. */
class CapacitySearchTest {

    static final List<Threshold> ERRORS_UNDER_1_PERCENT = List.of(new Threshold(Threshold.Metric.ERROR_RATE, "logs", null, 0.01, 10, false, 0));

    /** Runs the search against a backend accepting at most {@code ceiling} events a second. */
    static CapacityResult search(CapacityPlan plan, double ceiling, int seconds) {
        return carryOn(new CapacitySearch(plan, ERRORS_UNDER_1_PERCENT, "loki", 0), 0, ceiling, seconds);
    }

    /** Feeds the search seconds from {@code from} until it is done or {@code until}, when the run ends. */
    static CapacityResult carryOn(CapacitySearch search, long from, double ceiling, int until) {
        feed(search, from, ceiling, until);
        return search.result(true);
    }

    static void feed(CapacitySearch search, long from, double ceiling, int until) {
        for (long s = from; s < until && !search.done(); s++) {
            double rate = search.rate();
            long accepted = Math.round(Math.min(rate, ceiling));
            long refused = Math.round(rate) - accepted;
            Histogram latency = new Histogram(2);
            latency.recordValue(rate > ceiling ? 900_000 : 2_000);
            OptionalDouble next = search.second(s, Map.of("logs", new Sample(
                    new TimelinePoint(s, "logs", rate, accepted + refused, accepted, refused, 0, 2, 2), latency)));
            next.ifPresent(r -> assertThat(r).isPositive());
        }
    }

    @Test
    void aStepMoniFluxCouldNotGenerateStopsTheSearchWithoutBlamingTheDestination() {
        // the destination takes everything; the generator makes at most 3,000 events a second
        CapacityPlan plan = new CapacityPlan(Signal.LOGS, 1000, 2, 0, 5, 1, 1_000_000, 0.05, 30);
        CapacitySearch search = new CapacitySearch(plan, ERRORS_UNDER_1_PERCENT, "loki", 0);
        for (long s = 0; s < 100 && !search.done(); s++) {
            long due = Math.round(search.rate());
            long made = Math.min(due, 3_000);
            Histogram latency = new Histogram(2);
            latency.recordValue(2_000);
            search.second(s, Map.of("logs", new Sample(new TimelinePoint(s, "logs", due, made, made, 0, due - made, 2, 2,
                    due - made, null), latency)));
        }

        CapacityResult result = search.result(false);
        assertThat(result.state()).isEqualTo(CapacityResult.State.GENERATOR_LIMITED);
        assertThat(result.finished()).isTrue();
        assertThat(result.failedRate()).as("the destination broke at no rate").isNull();
        assertThat(result.sustainedRate()).isEqualTo(2000.0);
        assertThat(result.steps().getLast()).extracting(CapacityResult.Step::rate, CapacityResult.Step::generatorLimited)
                .containsExactly(4000.0, true);
        assertThat(result.summary()).isEqualTo("loki took at least 2,000 logs/s with errorRate(logs) <= 0.01; at 4,000 logs/s "
                + "MoniFlux itself was the bottleneck (it generated 3,000 logs/s), not the destination, so the search stopped there");
    }

    @Test
    void anObservedThresholdIsTheBreakingCriterion_theHighestRateAtWhichTheCollectorsQueueStaysFlat() {
        // a collector that exports 5,000 logs/s: above it, its queue grows by the excess every second
        Threshold queueFlat = new Threshold(Threshold.Metric.OBSERVED, null, null, 100, 3, false, 0,
                "otelcol_exporter_queue_size{exporter=\"otlp\"}", true);
        CapacityPlan plan = new CapacityPlan(Signal.LOGS, 1000, 2, 0, 5, 1, 1_000_000, 0.05, 30);
        CapacitySearch search = new CapacitySearch(plan, List.of(queueFlat), "otlp-http", 0);
        double queue = 0;
        for (long s = 0; s < 200 && !search.done(); s++) {
            double rate = search.rate();
            queue = s > 0 && rate == lastRate ? Math.max(0, queue + rate - 5_000) : 0; // a new step starts from a drained queue
            lastRate = rate;
            Histogram latency = new Histogram(2);
            latency.recordValue(2_000);
            long sent = Math.round(rate);
            TimelinePoint point = new TimelinePoint(s, "logs", rate, sent, sent, 0, 0, 2, 2, 0, null,
                    List.of(new ObservedValue("otelcol_exporter_queue_size{exporter=\"otlp\",target=\"collector\"}", queue,
                            ObservedValue.Unit.VALUE), new ObservedValue("otelcol_exporter_queue_size{exporter=\"kafka\",target=\"collector\"}",
                            1_000_000, ObservedValue.Unit.VALUE)));
            search.second(s, Map.of("logs", new Sample(point, latency)));
        }

        CapacityResult result = search.result(true);
        assertThat(result.state()).isEqualTo(CapacityResult.State.CONVERGED);
        assertThat(result.sustainedRate()).as("the queue stays flat up to 5,000/s").isBetween(4_750.0, 5_000.0);
        assertThat(result.failedRate()).isBetween(5_000.0, 5_300.0);
        assertThat(result.steps().stream().filter(step -> !step.passed()).findFirst().orElseThrow().breached().getFirst())
                .startsWith("observed otelcol_exporter_queue_size{exporter=\"otlp\"} was ");
    }

    private double lastRate;

    @Test
    void whileTheRunGoesOnTheSummarySaysWhereTheSearchIs() {
        CapacityPlan plan = new CapacityPlan(Signal.LOGS, 1000, 2, 0, 5, 1, 1_000_000, 0.05, 30);
        CapacitySearch search = new CapacitySearch(plan, ERRORS_UNDER_1_PERCENT, "loki", 0);
        feed(search, 0, 42_000, 12);

        CapacityResult live = search.result(false);
        assertThat(live.state()).isEqualTo(CapacityResult.State.SEARCHING);
        assertThat(live.finished()).isFalse();
        assertThat(live.summary()).isEqualTo("loki: searching, step 3 at 4,000 logs/s; 2,000 logs/s held so far");
        assertThat(live.summary()).doesNotContain("ended");
    }

    @Test
    void findsTheCeilingWithinItsPrecisionAndSaysSo() {
        CapacityPlan plan = new CapacityPlan(Signal.LOGS, 1000, 2, 0, 5, 1, 1_000_000, 0.05, 30);
        CapacityResult result = search(plan, 42_000, 1000);

        assertThat(result.finished()).isTrue();
        assertThat(result.sustainedRate()).isBetween(42_000 * 0.95, 42_000.0);
        assertThat(result.failedRate()).isGreaterThan(42_000).isLessThan(42_000 * 1.06);
        assertThat(result.steps().stream().map(CapacityResult.Step::rate).toList()).startsWith(1000.0, 2000.0, 4000.0, 8000.0);
        assertThat(result.steps()).allSatisfy(step -> assertThat(step.toSecond() - step.fromSecond()).isEqualTo(4));
        CapacityResult.Step failing = result.steps().stream().filter(step -> !step.passed()).findFirst().orElseThrow();
        assertThat(failing.breached().getFirst()).startsWith("errorRate(logs) was ");
        assertThat(result.summary()).startsWith("loki took 4").contains("logs/s with errorRate(logs) <= 0.01; at ");
    }

    @Test
    void stepsByIncrementStopAtTheCeilingWhenEverythingHolds() {
        CapacityPlan plan = new CapacityPlan(Signal.LOGS, 100, 0, 100, 3, 1, 500, 0.05, 30);
        CapacityResult result = search(plan, 1_000_000, 1000);
        assertThat(result.steps().stream().map(CapacityResult.Step::rate).toList()).containsExactly(100.0, 200.0, 300.0, 400.0, 500.0);
        assertThat(result.ceilingReached()).isTrue();
        assertThat(result.sustainedRate()).isEqualTo(500.0);
        assertThat(result.summary()).contains("the ceiling of the search");
    }

    @Test
    void aBackendThatHoldsNothingIsBisectedDownAndReported() {
        CapacityPlan plan = new CapacityPlan(Signal.LOGS, 1000, 2, 0, 2, 0, 10_000, 0.05, 6);
        CapacityResult result = search(plan, 100, 1000);
        assertThat(result.steps()).hasSize(6);
        assertThat(result.steps().getFirst().passed()).isFalse();
        assertThat(result.steps().stream().map(CapacityResult.Step::rate).toList()).startsWith(1000.0, 500.0, 250.0, 125.0);
        assertThat(result.sustainedRate()).isNotNull().isLessThanOrEqualTo(100.0);
    }

    @Test
    void aRunThatEndsFirstSaysTheSearchDidNotConverge() {
        CapacityPlan plan = new CapacityPlan(Signal.LOGS, 1000, 2, 0, 5, 1, 1_000_000, 0.05, 30);
        CapacityResult result = search(plan, 42_000, 22);
        assertThat(result.finished()).isFalse();
        assertThat(result.state()).isEqualTo(CapacityResult.State.CUT_SHORT);
        assertThat(result.summary()).contains("before the search converged");
        assertThat(result.steps()).hasSize(4);
    }

    @Test
    void aSearchTakenOverAfterAFailoverCarriesOnFromItsLastFinishedStep() {
        CapacityPlan plan = new CapacityPlan(Signal.LOGS, 1000, 2, 0, 5, 1, 1_000_000, 0.05, 30);
        CapacityResult uninterrupted = search(plan, 42_000, 1000);

        // the first owner dies in the middle of its seventh step (second 32); the next one starts at second 33
        CapacityResult soFar = search(plan, 42_000, 33);
        assertThat(soFar.steps()).hasSize(6);
        CapacitySearch resumed = new CapacitySearch(plan, ERRORS_UNDER_1_PERCENT, "loki", 33);
        resumed.resume(soFar);
        assertThat(resumed.rate()).as("the step after the last finished one, not the start").isEqualTo(64_000.0);
        CapacityResult result = carryOn(resumed, 33, 42_000, 1000);

        assertThat(result.finished()).isTrue();
        assertThat(result.steps().stream().map(CapacityResult.Step::rate).toList())
                .isEqualTo(uninterrupted.steps().stream().map(CapacityResult.Step::rate).toList());
        assertThat(result.steps().stream().map(CapacityResult.Step::step).toList()).doesNotHaveDuplicates();
        assertThat(result.sustainedRate()).isEqualTo(uninterrupted.sustainedRate());
        assertThat(result.failedRate()).isEqualTo(uninterrupted.failedRate());
        assertThat(result.summary()).isEqualTo(uninterrupted.summary());
    }

    @Test
    void aResumedSearchThatHadFinishedIsDone() {
        CapacityPlan plan = new CapacityPlan(Signal.LOGS, 100, 0, 100, 3, 1, 300, 0.05, 30);
        CapacityResult finished = search(plan, 1_000_000, 1000);
        CapacitySearch resumed = new CapacitySearch(plan, ERRORS_UNDER_1_PERCENT, "loki", 9);
        resumed.resume(finished);
        assertThat(resumed.done()).isTrue();
        assertThat(resumed.result(true).summary()).isEqualTo(finished.summary());
    }
}
