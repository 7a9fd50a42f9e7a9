package io.moniflux.loadtest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When a scheduled test starts: once at {@code at}, or on every firing of a cron expression (Spring's
 * six-field syntax) in {@code timeZone}; then {@code at} is the next firing.
 */
public record Schedule(Instant at, String cron, String timeZone) {

    public Schedule {
        // MongoDB keeps milliseconds: a finer instant is rounded up, so that the test never starts before it
        if (at != null && at.getNano() % 1_000_000 != 0) {
            at = at.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        }
    }

    public boolean recurring() {
        return cron != null;
    }
}
