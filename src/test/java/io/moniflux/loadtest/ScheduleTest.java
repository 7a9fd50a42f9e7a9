package io.moniflux.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Schedules are kept in milliseconds, as MongoDB keeps them, without ever moving earlier. */
class ScheduleTest {

    @Test
    void aFinerInstantIsRoundedUpToTheNextMillisecond() {
        assertThat(new Schedule(Instant.parse("2030-10-25T15:00:00.000000001Z"), null, null).at())
                .isEqualTo(Instant.parse("2030-10-25T15:00:00.001Z"));
        assertThat(new Schedule(Instant.parse("2030-10-25T15:00:00.123999Z"), null, null).at())
                .isEqualTo(Instant.parse("2030-10-25T15:00:00.124Z"));
    }

    @Test
    void aWholeMillisecondStaysAsItIs() {
        assertThat(new Schedule(Instant.parse("2030-10-25T15:00:00.123Z"), null, null).at())
                .isEqualTo(Instant.parse("2030-10-25T15:00:00.123Z"));
        assertThat(new Schedule(null, "0 0 3 * * *", "UTC").at()).isNull();
    }
}
