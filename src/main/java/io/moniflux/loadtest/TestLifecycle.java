package io.moniflux.loadtest;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import io.moniflux.delivery.DeliveryCatalog;
import io.moniflux.results.EndReason;

/**
 * What users do with tests: create, start, restart, schedule and cancel. Each request reads the test,
 * lets the aggregate decide the transition, and writes it conditionally on the version it read; a
 * request that loses a race is decided again, so two concurrent starts give one run.
 */
@Service
public class TestLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TestLifecycle.class);
    private static final String ANONYMOUS = "anonymous";

    private final LoadTestStore tests;
    private final RunStore runs;
    private final RunParts parts;
    private final RunEndings endings;
    private final TestSpecs specs;
    private final LoadTestLimits limits;
    private final Caps caps;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TestLifecycle(LoadTestStore tests, RunStore runs, RunParts parts, RunEndings endings, LoadTestLimits limits, Caps caps,
            DeliveryCatalog catalog, ApplicationEventPublisher events, Clock clock) {
        this.tests = tests;
        this.runs = runs;
        this.parts = parts;
        this.endings = endings;
        this.limits = limits;
        this.caps = caps;
        this.specs = new TestSpecs(limits, catalog);
        this.events = events;
        this.clock = clock;
    }

    public boolean exists(String testID) {
        return tests.find(testID).isPresent();
    }

    /** Creates a test in status Pending, or Scheduled when {@code schedule} is given. */
    public LoadTest create(TestDraft draft, Schedule schedule) {
        String testID = draft.testID() == null ? UUID.randomUUID().toString() : draft.testID();
        TestSpecs.checkTestId(testID);
        if (schedule != null) {
            checkSchedule(schedule);
        }
        LoadTest fresh = LoadTest.create(testID, user(draft, null), specs.build(null, draft), schedule, now());
        try {
            LoadTest created = tests.insert(fresh);
            log.info("Created test {} for user {} ({})", testID, created.userID(), created.status());
            if (schedule != null) {
                events.publishEvent(new TestScheduled(testID, schedule.at()));
            }
            return created;
        } catch (DuplicateKeyException e) {
            throw new TestConflictException("test-already-exists", "A test with testID '" + testID + "' already exists.");
        }
    }

    /** Creates the test if it does not exist, applies the draft's fields, and starts a new run. */
    public LoadTest start(TestDraft draft) {
        String testID = draft.testID() == null ? UUID.randomUUID().toString() : draft.testID();
        TestSpecs.checkTestId(testID);
        if (tests.find(testID).isEmpty()) {
            try {
                tests.insert(LoadTest.create(testID, user(draft, null), specs.build(null, draft), null, now()));
                log.info("Created test {} to start it", testID);
            } catch (DuplicateKeyException raced) {
                // another request created it meanwhile: decide again on what is stored now
            }
        }
        return launch(testID, draft, Action.START, test -> true);
    }

    /** Stops the current run if there is one and starts a new run with the draft's fields over the stored definition. */
    public LoadTest restart(TestDraft draft) {
        TestSpecs.checkTestId(draft.testID());
        get(draft.testID());
        return launch(draft.testID(), draft, Action.RESTART, test -> true);
    }

    /** Schedules a test (creating it from the draft if it does not exist) to start at a future instant. */
    public LoadTest schedule(TestDraft draft, Schedule schedule) {
        TestSpecs.checkTestId(draft.testID());
        checkSchedule(schedule);
        if (tests.find(draft.testID()).isEmpty()) {
            try {
                return create(draft, schedule);
            } catch (TestConflictException raced) {
                // created meanwhile: schedule what is stored now
            }
        }
        LoadTest scheduled = Conflicts.retry("Test '" + draft.testID() + "'", () -> {
            LoadTest current = get(draft.testID());
            return tests.save(current.schedule(specs.build(current.spec(), draft), user(draft, current), schedule, now()));
        });
        log.info("Test {} scheduled for {}{}", scheduled.testID(), schedule.at(),
                schedule.recurring() ? " (cron '" + schedule.cron() + "' in " + schedule.timeZone() + ")" : "");
        events.publishEvent(new TestScheduled(scheduled.testID(), schedule.at()));
        return scheduled;
    }

    /** Stops a running test (keeping the partial results) or calls off a scheduled one. */
    public LoadTest cancel(String testID) {
        TestSpecs.checkTestId(testID);
        return Conflicts.retry("Test '" + testID + "'", () -> {
            LoadTest current = get(testID);
            LoadTest cancelled = tests.save(current.cancel(now()));
            if (current.status() == TestStatus.Running && current.currentRunId() != null) {
                endings.requestStop(current.currentRunId(), EndReason.CANCELLED);
            }
            log.info("Test {} cancelled (was {})", testID, current.status());
            return cancelled;
        });
    }

    /**
     * Starts a new run of the test if {@code precondition} still holds (null otherwise): its spec is the
     * draft over the stored definition, within the caps, and a run it replaces is asked to stop.
     */
    LoadTest launch(String testID, TestDraft draft, Action action, Predicate<LoadTest> precondition) {
        return launch(testID, draft, action, precondition, null);
    }

    /**
     * As {@link #launch(String, TestDraft, Action, Predicate)}, for a run that starts at {@code startAt}, a
     * moment from now: a schedule launches its run a little ahead, so that the database's round trips are
     * done by the instant and the first event goes out at it, not after them.
     */
    LoadTest launch(String testID, TestDraft draft, Action action, Predicate<LoadTest> precondition, Instant startAt) {
        return Conflicts.retry("Test '" + testID + "'", () -> {
            LoadTest current = get(testID);
            if (!precondition.test(current)) {
                return null;
            }
            TestSpec spec = specs.build(current.spec(), draft);
            Instant now = now();
            LoadTest next = current.start(action, spec, user(draft, current), now);
            // the run is inserted inside the gate: the caps count running runs, so a start racing this one
            // must see it (CI saw two tests of a one-test user start together when only the test was saved)
            Launch launch = caps.taking(testID, next.userID(), spec.peakRate(), () -> {
                LoadTest saved = tests.save(next);
                return new Launch(saved, runs.insert(TestRun.launch(saved, startAt != null && startAt.isAfter(now) ? startAt : now)));
            });
            LoadTest started = launch.test();
            TestRun run = launch.run();
            if (current.status() == TestStatus.Running && current.currentRunId() != null) {
                endings.requestStop(current.currentRunId(), EndReason.RESTARTED);
            }
            parts.launch(run);
            log.info("Test {} {}: run {} ({} logs/s, {} metrics/s, {} spans/s for {} s to {})", testID, switch (action) {
                case RESTART -> "restarted";
                case SCHEDULED_START -> "started on schedule";
                default -> "started";
            }, run.runID(), spec.logRate(), spec.metricsRate(), spec.traceRate(), spec.duration(), spec.destination());
            events.publishEvent(new RunLaunched(run.runID(), testID, run.spec().workers()));
            return started;
        });
    }

    private record Launch(LoadTest test, TestRun run) {
    }

    private LoadTest get(String testID) {
        return tests.find(testID).orElseThrow(() -> new TestNotFoundException(testID));
    }

    /** The user a draft names, or the stored test's (anonymous for a new test that names none). */
    private static String user(TestDraft draft, LoadTest current) {
        List<Violation> violations = new ArrayList<>();
        String userID = TestSpecs.checkUserId(draft.userID(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidTestException(violations);
        }
        return userID != null ? userID : current != null ? current.userID() : ANONYMOUS;
    }

    private void checkSchedule(Schedule schedule) {
        Instant now = now();
        if (schedule.at() == null) {
            throw new InvalidTestException("schedule", "required", "schedule (an ISO-8601 instant) or cron is required");
        }
        if (!schedule.recurring() && !schedule.at().isAfter(now)) {
            throw new InvalidTestException("schedule", "schedule-in-past",
                    "schedule " + schedule.at() + " is not in the future (now is " + now + ")");
        }
        if (!schedule.recurring() && schedule.at().isAfter(now.plus(limits.maxScheduleAhead()))) {
            throw new InvalidTestException("schedule", "schedule-too-far",
                    "schedule " + schedule.at() + " is more than " + limits.maxScheduleAhead().toDays() + " days ahead");
        }
    }

    /** MongoDB keeps milliseconds; so does everything written, so that a response equals what is read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
