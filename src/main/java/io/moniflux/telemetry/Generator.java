package io.moniflux.telemetry;

/**
 * Builds the events of one signal stream. Not thread-safe: one stream calls it from one thread,
 * which keeps its state (counter values, trace in progress) free of locks.
 */
public interface Generator<E extends TelemetryEvent> {

    /** The next event, numbered {@code seq}, stamped at {@code epochNanos}. */
    E next(long seq, long epochNanos);
}
