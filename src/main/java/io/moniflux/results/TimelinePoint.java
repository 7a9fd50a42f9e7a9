package io.moniflux.results;

/**
 * One second of one signal of a run: what was targeted, attempted, accepted, refused and missed in
 * that second, and its latency.
 *
 * @param second offset from the start of the run
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
        double p99) {

    /** Two parts' points of the same second and signal add up; latency keeps the worse value. */
    public TimelinePoint plus(TimelinePoint other) {
        return new TimelinePoint(second, signal, targetRate + other.targetRate, attempted + other.attempted,
                sent + other.sent, failed + other.failed, missed + other.missed, Math.max(p50, other.p50),
                Math.max(p99, other.p99));
    }
}
