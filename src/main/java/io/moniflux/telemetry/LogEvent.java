package io.moniflux.telemetry;

import java.util.Map;

/**
 * One log record. {@code message} is exactly the test's logSize bytes (ASCII).
 *
 * @param seq sequence number of the event in its signal stream of the run
 */
public record LogEvent(long epochNanos, String level, String message, String service, String host,
        Map<String, String> attributes, long seq) {
}
