package io.moniflux.loadtest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Schedules coming due: the start a schedule asks for (of the replicas whose timers fire, one wins),
 * and a schedule whose time passed while no replica ran.
 */
@Service
public class ScheduledStarts {

    private static final Logger log = LoggerFactory.getLogger(ScheduledStarts.class);

    private final LoadTestStore tests;
    private final TestLifecycle lifecycle;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ScheduledStarts(LoadTestStore tests, TestLifecycle lifecycle, ApplicationEventPublisher events, Clock clock) {
        this.tests = tests;
        this.lifecycle = lifecycle;
        this.events = events;
        this.clock = clock;
    }

    /** Scheduled tests due by {@code until}, for arming timers. */
    public List<LoadTest> dueBy(Instant until) {
        return tests.findByStatus(TestStatus.Scheduled).stream()
                .filter(test -> test.schedule() != null && test.schedule().at() != null && !test.schedule().at().isAfter(until))
                .toList();
    }

    /**
     * Starts the run a schedule asked for, if the test is still scheduled for exactly {@code at} (called a
     * moment before it, the run starts at {@code at}, not earlier): of the
     * replicas whose timers fire, one wins; a schedule changed meanwhile does not start. A definition that
     * no longer passes the rules fails the test with the reason.
     */
    public Optional<LoadTest> fire(String testID, Instant at) {
        try {
            return Optional.ofNullable(lifecycle.launch(testID, TestDraft.of(testID), Action.SCHEDULED_START,
                    test -> test.scheduledFor(at), at));
        } catch (TestConflictException | TestNotFoundException lost) {
            return Optional.empty();
        } catch (InvalidTestException refused) {
            Conflicts.retry("Test '" + testID + "'", () -> tests.find(testID).filter(test -> test.scheduledFor(at))
                    .map(test -> tests.save(test.scheduledStartRefused(refused.getMessage(), now()))));
            log.warn("Scheduled start of {} refused: {}", testID, refused.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A schedule that fired while no replica was running and is older than the grace period: a single
     * schedule fails with the reason, a recurring one moves on to its next firing.
     */
    public void miss(String testID, Instant at, Duration grace) {
        Instant now = now();
        String reason = "missed its scheduled start at " + at + ": no replica was running within the grace period of "
                + grace.toSeconds() + " s";
        Optional<LoadTest> moved = Conflicts.retry("Test '" + testID + "'", () -> tests.find(testID)
                .filter(test -> test.scheduledFor(at))
                .map(test -> tests.save(test.scheduleMissed(reason,
                        test.schedule().recurring() ? Schedules.next(test.schedule(), now) : null, now))));
        moved.ifPresent(test -> {
            if (test.status() == TestStatus.Scheduled) {
                log.warn("Test {} {}; next firing at {}", testID, reason, test.schedule().at());
                events.publishEvent(new TestScheduled(testID, test.schedule().at()));
            } else {
                log.warn("Test {} {}; marked Failed", testID, reason);
            }
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
