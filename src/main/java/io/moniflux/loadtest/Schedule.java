package io.moniflux.loadtest;

import java.time.Instant;

/**
 * When a scheduled test starts: once at {@code at}, or on every firing of a cron expression (Spring's
 * six-field syntax) in {@code timeZone}; then {@code at} is the next firing.
 */
public record Schedule(Instant at, String cron, String timeZone) {

    public boolean recurring() {
        return cron != null;
    }
}
