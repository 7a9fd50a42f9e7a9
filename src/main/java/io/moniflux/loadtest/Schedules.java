package io.moniflux.loadtest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

import org.springframework.scheduling.support.CronExpression;

/** Reads the schedule of a request: a single ISO-8601 instant, or a cron expression in a time zone. */
public final class Schedules {

    private Schedules() {
    }

    /**
     * @param instant  an ISO-8601 instant or date-time with offset ({@code 2030-10-25T15:00:00Z})
     * @param cron     a Spring cron expression, the alternative to {@code instant}
     * @param timeZone the zone of {@code cron}; UTC when absent
     */
    public static Schedule parse(String instant, String cron, String timeZone, Instant now) {
        boolean hasInstant = instant != null && !instant.isBlank();
        boolean hasCron = cron != null && !cron.isBlank();
        if (hasInstant && hasCron) {
            throw new InvalidTestException("cron", "ambiguous-schedule", "give either schedule or cron, not both");
        }
        if (hasCron) {
            ZoneId zone = zone(timeZone);
            CronExpression expression;
            try {
                expression = CronExpression.parse(cron.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidTestException("cron", "invalid-cron",
                        "cron is not a valid Spring cron expression (second minute hour day month weekday): " + e.getMessage());
            }
            Instant next = nextFiring(expression, zone, now);
            if (next == null) {
                throw new InvalidTestException("cron", "invalid-cron", "cron '" + cron + "' never fires in the future");
            }
            return new Schedule(next, cron.strip(), zone.getId());
        }
        if (!hasInstant) {
            throw new InvalidTestException("schedule", "required", "schedule (an ISO-8601 instant) or cron is required");
        }
        if (timeZone != null && !timeZone.isBlank()) {
            throw new InvalidTestException("timeZone", "unexpected-field", "timeZone applies to cron only; give the instant with its offset");
        }
        return new Schedule(instant(instant.strip()), null, null);
    }

    /** The next firing of a recurring schedule after {@code after}, or null when there is none. */
    public static Instant next(Schedule schedule, Instant after) {
        return nextFiring(CronExpression.parse(schedule.cron()), ZoneId.of(schedule.timeZone()), after);
    }

    private static Instant nextFiring(CronExpression expression, ZoneId zone, Instant after) {
        ZonedDateTime next = expression.next(after.atZone(zone));
        return next == null ? null : next.toInstant();
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidTestException("schedule", "invalid-schedule",
                    "schedule must be an ISO-8601 instant with an offset, such as 2030-10-25T15:00:00Z; got '" + text + "'");
        }
    }

    private static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timeZone.strip());
        } catch (DateTimeException e) {
            throw new InvalidTestException("timeZone", "invalid-time-zone", "timeZone '" + timeZone + "' is not a known time zone id");
        }
    }
}
