package io.moniflux.results;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.observe.ObservedValue;

/**
 * One second of one signal of a run: what was targeted, attempted, accepted, refused and missed in
 * that second, and its latency.
 *
 * @param second          offset from the start of the run
 * @param missed          events due in that second that were never sent, for any cause
 * @param generatorMissed of those, the ones MoniFlux itself could not generate in time
 * @param cpu             cores the replica's process used in that second (the most of the parts'
 *                        replicas); null when not measured
 * @param observed        the series of the watched endpoints in that second; they come with the point of
 *                        the first signal of the run's first part only, as they are the run's, not a signal's
 */
public record TimelinePoint(
        long second,
        String signal,
        double targetRate,
        long attempted,
        long sent,
        long failed,
        long missed,
        double p50,
        double p99,
        long generatorMissed,
        Double cpu,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ObservedValue> observed) {

    public TimelinePoint {
        // null rather than empty when nothing is watched: the stored field is then left out of every
        // one of the thousands of points a second that 1,000 running tests write
        observed = observed == null || observed.isEmpty() ? null : List.copyOf(observed);
    }

    /** The watched series of the second; empty for all but the first signal's point of part 0, or without watching. */
    @Override
    public List<ObservedValue> observed() {
        return observed == null ? List.of() : observed;
    }

    public TimelinePoint(long second, String signal, double targetRate, long attempted, long sent, long failed, long missed,
            double p50, double p99) {
        this(second, signal, targetRate, attempted, sent, failed, missed, p50, p99, 0, null, null);
    }

    public TimelinePoint(long second, String signal, double targetRate, long attempted, long sent, long failed, long missed,
            double p50, double p99, long generatorMissed, Double cpu) {
        this(second, signal, targetRate, attempted, sent, failed, missed, p50, p99, generatorMissed, cpu, null);
    }

    /** Two parts' points of the same second and signal add up; latency and CPU keep the higher value. */
    public TimelinePoint plus(TimelinePoint other) {
        return new TimelinePoint(second, signal, targetRate + other.targetRate, attempted + other.attempted,
                sent + other.sent, failed + other.failed, missed + other.missed, Math.max(p50, other.p50),
                Math.max(p99, other.p99), generatorMissed + other.generatorMissed,
                cpu == null ? other.cpu : other.cpu == null ? cpu : Double.valueOf(Math.max(cpu, other.cpu)),
                joined(observed(), other.observed()));
    }

    private static List<ObservedValue> joined(List<ObservedValue> one, List<ObservedValue> other) {
        if (other.isEmpty()) {
            return one;
        }
        if (one.isEmpty()) {
            return other;
        }
        List<ObservedValue> all = new ArrayList<>(one);
        all.addAll(other);
        return all;
    }

    /** The point with the CPU the replica used in its second. */
    public TimelinePoint withCpu(Double cores) {
        return new TimelinePoint(second, signal, targetRate, attempted, sent, failed, missed, p50, p99, generatorMissed, cores,
                observed);
    }

    /** The point with the watched endpoints' series of its second. */
    public TimelinePoint withObserved(List<ObservedValue> values) {
        return new TimelinePoint(second, signal, targetRate, attempted, sent, failed, missed, p50, p99, generatorMissed, cpu,
                values);
    }

    /** Events missed because the destination could not take them. */
    public long destinationMissed() {
        return missed - generatorMissed;
    }
}
