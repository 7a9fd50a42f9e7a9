package io.moniflux.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class RateScheduleTest {

    static final long S = 1_000_000_000L;

    @Test
    void aConstantRatePutsEventKAtKOverRate() {
        RateSchedule schedule = RateSchedule.constant(4);

        assertThat(schedule.dueTime(0)).isZero();
        assertThat(schedule.dueTime(1)).isEqualTo(S / 4);
        assertThat(schedule.dueTime(4)).isEqualTo(S);
        assertThat(schedule.dueTime(1_000_000)).isEqualTo(250_000 * S);
        assertThat(schedule.eventsDueBefore(S)).isEqualTo(4);
        assertThat(schedule.eventsDueBefore(S + 1)).isEqualTo(5);
        assertThat(schedule.eventsDueBefore(10 * S)).isEqualTo(40);
    }

    @Test
    void fractionalRatesWork() {
        RateSchedule schedule = RateSchedule.constant(0.5);

        assertThat(schedule.dueTime(1)).isEqualTo(2 * S);
        assertThat(schedule.dueTime(2)).isEqualTo(4 * S);
        assertThat(schedule.eventsDueBefore(5 * S)).as("events at 0, 2 and 4 s").isEqualTo(3);
        assertThat(schedule.eventsDueBefore(4 * S)).isEqualTo(2);
    }

    @Test
    void aRampIntegratesLinearly() {
        RateSchedule schedule = RateSchedule.of(0, List.of(new Stage(10, 100)));

        assertThat(schedule.rateAt(5 * S)).isCloseTo(50, within(1e-9));
        assertThat(schedule.eventsBy(10 * S)).isCloseTo(500, within(1e-6));
        assertThat(schedule.eventsBy(5 * S)).isCloseTo(125, within(1e-6));
        assertThat(schedule.dueTime(125)).isCloseTo(5 * S, within(10L));
        assertThat(schedule.dueTime(500)).isCloseTo(10 * S, within(10L));
        assertThat(schedule.rateAt(20 * S)).as("the last stage's rate holds").isEqualTo(100);
        assertThat(schedule.dueTime(600)).isCloseTo(11 * S, within(10L));
    }

    @Test
    void stepsAndDownwardRampsWork() {
        RateSchedule schedule = RateSchedule.of(10, List.of(new Stage(2, 10), new Stage(0, 50), new Stage(4, 10)));

        assertThat(schedule.eventsBy(2 * S)).isCloseTo(20, within(1e-9));
        assertThat(schedule.rateAt(2 * S)).isEqualTo(50);
        assertThat(schedule.eventsBy(6 * S)).as("20 + the ramp 50 -> 10 over 4 s").isCloseTo(140, within(1e-6));
        for (long e = 0; e < 200; e++) {
            assertThat(schedule.eventsBy(schedule.dueTime(e))).isCloseTo(e, within(1e-6));
        }
    }

    @Test
    void dueTimesAreIncreasing() {
        RateSchedule schedule = RateSchedule.of(3, List.of(new Stage(7, 300), new Stage(3, 0), new Stage(5, 40)));
        long previous = -1;
        for (long e = 0; e < 2_000; e++) {
            long due = schedule.dueTime(e);
            if (due == Long.MAX_VALUE) {
                break;
            }
            assertThat(due).isGreaterThanOrEqualTo(previous);
            previous = due;
        }
    }

    @Test
    void aLiveChangeKeepsThePastAndChangesTheFuture() {
        RateSchedule before = RateSchedule.constant(10);
        RateSchedule after = before.withRateFrom(3 * S, 100);

        assertThat(after.eventsBy(3 * S)).isCloseTo(30, within(1e-9));
        assertThat(after.dueTime(29)).isEqualTo(before.dueTime(29));
        assertThat(after.dueTime(30)).isEqualTo(3 * S);
        assertThat(after.dueTime(130)).isEqualTo(4 * S);
        assertThat(after.rateAt(3 * S)).isEqualTo(100);
        assertThat(after.rateAt(2 * S)).isEqualTo(10);
    }

    @Test
    void aLiveChangeDuringARampCutsTheRamp() {
        RateSchedule ramp = RateSchedule.of(0, List.of(new Stage(10, 100)));
        RateSchedule held = ramp.withRateFrom(5 * S, 50);

        assertThat(held.eventsBy(5 * S)).isCloseTo(125, within(1e-6));
        assertThat(held.eventsBy(7 * S)).isCloseTo(225, within(1e-6));
        assertThat(held.rateAt(9 * S)).isEqualTo(50);
    }

    @Test
    void rateZeroMeansNothingIsDue() {
        RateSchedule paused = RateSchedule.constant(10).withRateFrom(S, 0);

        assertThat(paused.dueTime(9)).isLessThan(S);
        assertThat(paused.dueTime(11)).isEqualTo(Long.MAX_VALUE);
        assertThat(paused.eventsDueBefore(100 * S)).isEqualTo(10);
    }
}
