package io.moniflux.coordination;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

import io.moniflux.loadtest.LoadTest;
import io.moniflux.loadtest.ScheduledStarts;
import io.moniflux.loadtest.TestScheduled;

/**
 * Starts scheduled tests at their instant. Every replica arms a timer (Spring's TaskScheduler) for each
 * schedule coming up; when they fire, a conditional update lets exactly one of them start the run. A
 * reconciler on every replica arms the schedules no timer holds (made on another replica, or before a
 * restart) and deals with those whose time passed while no replica ran: started at once within the
 * grace period, recorded as missed beyond it.
 */
@Component
class ScheduleTrigger {

    private static final Logger log = LoggerFactory.getLogger(ScheduleTrigger.class);

    /**
     * How long before its instant a schedule launches its run, which then starts at the instant: the
     * launch's database round trips (the caps, the run, its parts, the claim) took 37-210 ms in the bench
     * with the embedded database, and the first event went out that late.
     */
    static final Duration LEAD = Duration.ofMillis(300);

    private record Armed(Instant at, ScheduledFuture<?> timer) {
    }

    private final ScheduledStarts starts;
    private final TaskScheduler scheduler;
    private final CoordinationProperties properties;
    private final Clock clock;
    private final Replica replica;
    private final Map<String, Armed> armed = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    ScheduleTrigger(ScheduledStarts starts, TaskScheduler scheduler, CoordinationProperties properties, Clock clock, Replica replica) {
        this.starts = starts;
        this.scheduler = scheduler;
        this.properties = properties;
        this.clock = clock;
        this.replica = replica;
    }

    /** A schedule made through this replica is armed at once. */
    @EventListener
    void onScheduled(TestScheduled scheduled) {
        if (scheduled.at() != null && !scheduled.at().isAfter(clock.instant().plus(properties.scheduleHorizon()))) {
            arm(scheduled.testID(), scheduled.at());
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        reconcile();
    }

    @Scheduled(fixedDelayString = "${moniflux.coordination.reconcile-interval:2s}")
    void reconcile() {
        if (stopped) {
            return;
        }
        try {
            Instant now = clock.instant();
            for (LoadTest test : starts.dueBy(now.plus(properties.scheduleHorizon()))) {
                Instant at = test.schedule().at();
                if (!at.isAfter(now)) {
                    if (Duration.between(at, now).compareTo(properties.scheduleGrace()) <= 0) {
                        fire(test.testID(), at);
                    } else {
                        starts.miss(test.testID(), at, properties.scheduleGrace());
                    }
                } else {
                    arm(test.testID(), at);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Reconciling schedules failed; trying again", e);
        }
    }

    private void arm(String testID, Instant at) {
        armed.compute(testID, (id, current) -> {
            if (current != null && current.at().equals(at) && !current.timer().isDone()) {
                return current;
            }
            if (current != null) {
                current.timer().cancel(false);
            }
            return new Armed(at, scheduler.schedule(() -> fire(testID, at), at.minus(LEAD)));
        });
    }

    private void fire(String testID, Instant at) {
        armed.computeIfPresent(testID, (id, current) -> current.at().equals(at) ? null : current);
        if (stopped) {
            return;
        }
        // timers run on the monotonic clock, which may fire a hair before the wall clock's instant
        for (long early; (early = Duration.between(clock.instant(), at.minus(LEAD)).toNanos()) > 0; ) {
            LockSupport.parkNanos(early);
        }
        starts.fire(testID, at).ifPresent(test -> log.info("Schedule of {} for {} fired on replica {} ({} ms ahead)",
                testID, at, replica.id(), Duration.between(clock.instant(), at).toMillis()));
    }

    @PreDestroy
    void stop() {
        stopped = true;
        armed.values().forEach(current -> current.timer().cancel(false));
    }
}
