package io.moniflux.telemetry;

/**
 * One log record. {@code message} is exactly the test's logSize bytes (ASCII).
 *
 * @param seq sequence number of the event in its signal stream of the run
 */
public record LogEvent(long epochNanos, String level, String message, String service, String host,
        Attributes attributes, long seq) implements TelemetryEvent {
}
