package io.moniflux.loadtest;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import io.moniflux.delivery.DeliveryCatalog;

/**
 * The lifecycle of load tests: create, start, restart, schedule, cancel, and the end of a run.
 * Every status change is a conditional update on the status and version the decision was based on;
 * a request that loses a race re-reads and is decided again, so two concurrent starts give one run.
 */
@Service
public class LoadTests {

    private static final Logger log = LoggerFactory.getLogger(LoadTests.class);
    private static final String ANONYMOUS = "anonymous";
    private static final int MAX_ATTEMPTS = 5;

    private final LoadTestStore tests;
    private final RunStore runs;
    private final PartStore parts;
    private final io.moniflux.results.TimelineStore timeline;
    private final SpecValidator validator;
    private final LoadTestLimits limits;
    private final CapGate capGate;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    LoadTests(LoadTestStore tests, RunStore runs, PartStore parts, io.moniflux.results.TimelineStore timeline,
            LoadTestLimits limits, CapGate capGate, DeliveryCatalog catalog, ApplicationEventPublisher events, Clock clock) {
        this.tests = tests;
        this.runs = runs;
        this.parts = parts;
        this.timeline = timeline;
        this.limits = limits;
        this.capGate = capGate;
        this.validator = new SpecValidator(limits, catalog);
        this.events = events;
        this.clock = clock;
    }

    public boolean exists(String testID) {
        return tests.find(testID).isPresent();
    }

    public Optional<LoadTest> find(String testID) {
        return tests.find(testID);
    }

    public LoadTest get(String testID) {
        return tests.find(testID).orElseThrow(() -> new TestNotFoundException(testID));
    }

    public TestPage list(TestFilter filter, int page, int size) {
        return new TestPage(tests.page(filter, page, size), tests.count(filter));
    }

    public List<TestRun> runs(String testID) {
        get(testID);
        return runs.findByTest(testID);
    }

    public TestRun run(String testID, String runID) {
        return runs.find(runID).filter(run -> run.testID().equals(testID))
                .orElseThrow(() -> new TestNotFoundException(testID + "/runs/" + runID));
    }

    /**
     * Progress of a run from what its owners persisted: counters, latency, target and achieved rates,
     * and who runs each part. Results of a finished run are its final ones.
     */
    public RunProgress progress(TestRun run) {
        List<RunPart> runParts = parts.findByRun(run.runID());
        io.moniflux.results.RunResults results = run.results() != null ? run.results()
                : runParts.stream().map(RunPart::results).filter(java.util.Objects::nonNull)
                        .reduce(io.moniflux.results.RunResults.EMPTY, io.moniflux.results.RunResults::plus);
        long elapsedMillis = runParts.stream().mapToLong(RunPart::elapsedMillis).max().orElse(0);
        if (run.status() == TestStatus.Running && run.startedAt() != null) {
            elapsedMillis = Math.max(elapsedMillis, Math.min(now().toEpochMilli() - run.startedAt().toEpochMilli(),
                    run.spec().duration() * 1000L));
        }
        double elapsed = elapsedMillis / 1000.0;
        java.util.Map<String, Double> achieved = new java.util.TreeMap<>();
        if (run.status() == TestStatus.Running) {
            List<io.moniflux.results.TimelinePoint> recent = timeline.recent(run.runID(), elapsedMillis / 1000);
            if (!recent.isEmpty()) {
                long last = recent.getLast().second();
                recent.stream().filter(p -> p.second() == last).forEach(p -> achieved.put(p.signal(), (double) p.sent()));
            }
        }
        List<RunProgress.PartProgress> partProgress = runParts.stream()
                .map(p -> new RunProgress.PartProgress(p.index(), p.state(), p.owner(), p.elapsedMillis() / 1000.0)).toList();
        return new RunProgress(run.runID(), run.status(), run.startedAt(), elapsed,
                Math.max(0, run.spec().duration() - elapsed), run.status() == TestStatus.Running ? run.rates() : java.util.Map.of(),
                achieved, results, partProgress);
    }

    /** The current run of a test, if it has one. */
    public Optional<TestRun> currentRun(LoadTest test) {
        return test.currentRunId() == null ? Optional.empty() : runs.find(test.currentRunId());
    }

    public List<io.moniflux.results.TimelinePoint> timeline(String testID, String runID) {
        return timeline.read(run(testID, runID).runID());
    }

    /**
     * Changes the rates of a running test without restarting it; absent rates stay. A signal the run
     * does not generate cannot be started this way.
     */
    public TestRun changeRates(String testID, Double logRate, Double metricsRate, Double traceRate) {
        LoadTest test = get(testID);
        if (test.status() != TestStatus.Running || test.currentRunId() == null) {
            throw new TestConflictException("test-not-running",
                    "Test '" + testID + "' is " + test.status() + "; rates can only be changed while it runs.");
        }
        TestRun run = runs.find(test.currentRunId()).orElseThrow(() -> new TestNotFoundException(testID));
        List<Violation> violations = new ArrayList<>();
        java.util.Map<String, Double> rates = new java.util.TreeMap<>(run.rates());
        changeRate(rates, io.moniflux.telemetry.Signal.LOGS, "logRate", logRate, violations);
        changeRate(rates, io.moniflux.telemetry.Signal.METRICS, "metricsRate", metricsRate, violations);
        changeRate(rates, io.moniflux.telemetry.Signal.TRACES, "traceRate", traceRate, violations);
        if (logRate == null && metricsRate == null && traceRate == null) {
            violations.add(new Violation("logRate", "required", "give at least one of logRate, metricsRate, traceRate"));
        }
        CapacitySpec search = run.spec().capacity();
        if (search != null && (search.signal().equals("logs") && logRate != null || search.signal().equals("metrics")
                && metricsRate != null || search.signal().equals("traces") && traceRate != null)) {
            violations.add(new Violation(search.signal().equals("logs") ? "logRate" : search.signal().equals("metrics")
                    ? "metricsRate" : "traceRate", "capacity-search", "the capacity search sets " + search.signal()
                    + "' rate; change the other signals' rates, or cancel the search"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidTestException(violations);
        }
        TestRun changed = capGate.through(() -> {
            checkCaps(testID, test.userID(), rates.values().stream().mapToDouble(Double::doubleValue).sum());
            TestRun applied = runs.changeRates(run.runID(), rates).orElseThrow(() -> new TestConflictException("test-not-running",
                    "Test '" + testID + "' is no longer running."));
            TestSpec spec = test.spec().withRates(rates.getOrDefault("logs", test.spec().logRate()),
                    rates.getOrDefault("metrics", test.spec().metricsRate()), rates.getOrDefault("traces", test.spec().traceRate()));
            tests.transitionRun(testID, run.runID(), EnumSet.of(TestStatus.Running),
                    new Update().set("spec", spec).set("updatedAt", now()));
            return applied;
        });
        log.info("Test {} run {}: rates changed to {}", testID, run.runID(), rates);
        events.publishEvent(new RunRatesChanged(run.runID(), testID, changed.rates(), changed.ratesVersion()));
        return changed;
    }

    private void changeRate(java.util.Map<String, Double> rates, io.moniflux.telemetry.Signal signal, String field,
            Double rate, List<Violation> violations) {
        if (rate == null) {
            return;
        }
        if (!Double.isFinite(rate) || rate < 0) {
            violations.add(new Violation(field, "invalid-rate", field + " must be a number of events per second, 0 or more"));
        } else if (rate > limits.maxRate()) {
            violations.add(new Violation(field, "out-of-range",
                    field + " must be at most " + limits.maxRate() + " events per second, not " + rate));
        } else if (!rates.containsKey(signal.key())) {
            violations.add(new Violation(field, "signal-not-running",
                    "this run does not generate " + signal.key() + "; restart the test to add them"));
        } else {
            rates.put(signal.key(), rate);
        }
    }

    /** Creates a test in status Pending, or Scheduled when {@code schedule} is given. */
    public LoadTest create(TestDraft draft, Schedule schedule) {
        String testID = draft.testID() == null ? UUID.randomUUID().toString() : draft.testID();
        SpecValidator.checkTestId(testID);
        LoadTest fresh = newTest(testID, draft);
        if (schedule != null) {
            checkSchedule(schedule);
            fresh = withStatus(fresh, TestStatus.Scheduled, schedule);
        }
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
        SpecValidator.checkTestId(testID);
        Optional<LoadTest> existing = tests.find(testID);
        if (existing.isEmpty()) {
            LoadTest fresh = newTest(testID, draft);
            try {
                tests.insert(fresh);
                log.info("Created test {} for user {} to start it", testID, fresh.userID());
            } catch (DuplicateKeyException raced) {
                // another request created it meanwhile: decide again on what is stored now
            }
        }
        return launch(testID, draft, EnumSet.copyOf(TestStatus.STARTABLE), "start", test -> true);
    }

    /**
     * Stops the current run if there is one and starts a new run with the draft's fields over the
     * stored definition.
     */
    public LoadTest restart(TestDraft draft) {
        SpecValidator.checkTestId(draft.testID());
        get(draft.testID());
        EnumSet<TestStatus> restartable = EnumSet.of(TestStatus.Pending, TestStatus.Running,
                TestStatus.Completed, TestStatus.Cancelled, TestStatus.Failed);
        return launch(draft.testID(), draft, restartable, "restart", test -> true);
    }

    /**
     * Starts the run a schedule asked for, if the test is still scheduled for exactly {@code at}: of the
     * replicas whose timers fire, one wins; a schedule changed meanwhile does not start.
     */
    public Optional<LoadTest> fireSchedule(String testID, Instant at) {
        java.util.function.Predicate<LoadTest> stillDue = test -> test.status() == TestStatus.Scheduled
                && test.schedule() != null && at.equals(test.schedule().at());
        try {
            return Optional.ofNullable(launch(testID, TestDraft.of(testID), EnumSet.of(TestStatus.Scheduled), "scheduled start", stillDue));
        } catch (TestConflictException | TestNotFoundException lost) {
            return Optional.empty();
        } catch (InvalidTestException refused) {
            tests.find(testID).filter(stillDue).ifPresent(test -> tests.transition(test, new Update()
                    .set("status", TestStatus.Failed).set("finishedAt", now()).set("updatedAt", now())
                    .set("statusReason", "scheduled start refused: " + refused.getMessage())));
            log.warn("Scheduled start of {} refused: {}", testID, refused.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A schedule that fired while no replica was running. Within the grace period the caller starts it
     * anyway; this records one that is too old: a single schedule fails with the reason, a recurring one
     * moves on to its next firing.
     */
    public void missSchedule(String testID, Instant at, java.time.Duration grace) {
        Optional<LoadTest> found = tests.find(testID);
        if (found.isEmpty() || found.get().status() != TestStatus.Scheduled || found.get().schedule() == null
                || !at.equals(found.get().schedule().at())) {
            return;
        }
        LoadTest test = found.get();
        Instant now = now();
        String reason = "missed its scheduled start at " + at + ": no replica was running within the grace period of "
                + grace.toSeconds() + " s";
        Update update = new Update().set("statusReason", reason).set("updatedAt", now);
        if (test.schedule().recurring()) {
            Instant next = Schedules.next(test.schedule(), now);
            update.set("schedule", new Schedule(next, test.schedule().cron(), test.schedule().timeZone()));
            if (tests.transition(test, update).isPresent()) {
                log.warn("Test {} {}; next firing at {}", testID, reason, next);
                events.publishEvent(new TestScheduled(testID, next));
            }
        } else {
            update.set("status", TestStatus.Failed).set("finishedAt", now);
            if (tests.transition(test, update).isPresent()) {
                log.warn("Test {} {}; marked Failed", testID, reason);
            }
        }
    }

    /** Scheduled tests due by {@code until}, for arming timers. */
    public List<LoadTest> scheduledBefore(Instant until) {
        return tests.findByStatus(TestStatus.Scheduled).stream()
                .filter(test -> test.schedule() != null && test.schedule().at() != null && !test.schedule().at().isAfter(until))
                .toList();
    }

    /**
     * Repairs what a crash between two writes can leave: a Running test whose run was never written,
     * and a run whose parts are all done but which was never ended.
     */
    public void reconcile() {
        Instant now = now();
        for (LoadTest test : tests.findByStatus(TestStatus.Running)) {
            if (test.currentRunId() != null && runs.find(test.currentRunId()).isEmpty() && test.startedAt() != null
                    && test.startedAt().isBefore(now.minusSeconds(30))) {
                Update update = new Update().set("status", TestStatus.Failed).set("finishedAt", now).set("updatedAt", now)
                        .set("statusReason", "its run was never recorded (the replica that started it stopped)");
                tests.transition(test, update).ifPresent(failed -> log.warn("Test {} failed: run record missing", test.testID()));
            }
        }
        for (TestRun run : runs.findRunning()) {
            List<RunPart> runParts = parts.findByRun(run.runID());
            if (!runParts.isEmpty() && runParts.stream().allMatch(p -> p.state() == PartState.Done)) {
                io.moniflux.results.RunResults merged = runParts.stream().map(RunPart::results).filter(java.util.Objects::nonNull)
                        .reduce(io.moniflux.results.RunResults.EMPTY, io.moniflux.results.RunResults::plus);
                String failed = runParts.stream().map(RunPart::endReason).filter(java.util.Objects::nonNull).findFirst().orElse(null);
                endRun(run.runID(), failed != null ? TestStatus.Failed : TestStatus.Completed, failed, merged);
            }
        }
    }

    private LoadTest launch(String testID, TestDraft draft, EnumSet<TestStatus> allowed, String action,
            java.util.function.Predicate<LoadTest> precondition) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            LoadTest current = get(testID);
            if (!precondition.test(current)) {
                return null;
            }
            if (!allowed.contains(current.status())) {
                throw notAllowed(current, action);
            }
            TestSpec spec = validator.merge(current.spec(), draft);
            String userID = userOf(draft, current);
            int number = current.runCount() + 1;
            String runID = TestRun.idOf(testID, number);
            Instant now = now();
            Update update = new Update()
                    .set("spec", spec)
                    .set("userID", userID)
                    .set("status", TestStatus.Running)
                    .set("statusReason", null)
                    .set("currentRunId", runID)
                    .set("runCount", number)
                    .set("startedAt", now)
                    .set("finishedAt", null)
                    .set("updatedAt", now);
            if (current.schedule() != null && !current.schedule().recurring()) {
                update.set("schedule", null);
            }
            Optional<LoadTest> started = capGate.through(() -> {
                checkCaps(testID, userID, spec.peakRate());
                return tests.transition(current, update);
            });
            if (started.isEmpty()) {
                continue;
            }
            if (current.status() == TestStatus.Running && current.currentRunId() != null) {
                stopRun(current.currentRunId(), testID, "restarted");
            }
            runs.launch(new TestRun(runID, testID, userID, number, TestStatus.Running, spec, now, null, null, false,
                    RunRates.of(spec), 0, null, null, null, null));
            log.info("Test {} {}: run {} ({} logs/s, {} metrics/s, {} spans/s for {} s to {})", testID,
                    action.equals("restart") ? "restarted" : action.equals("start") ? "started" : "started on schedule", runID,
                    spec.logRate(), spec.metricsRate(),
                    spec.traceRate(), spec.duration(), spec.destination());
            events.publishEvent(new RunLaunched(runID, testID));
            return started.get();
        }
        throw new TestConflictException("concurrent-update",
                "Test '" + testID + "' kept changing while this request was applied; try again.");
    }

    /** Schedules a test (creating it from the draft if it does not exist) to start at a future instant. */
    public LoadTest schedule(TestDraft draft, Schedule schedule) {
        SpecValidator.checkTestId(draft.testID());
        checkSchedule(schedule);
        if (tests.find(draft.testID()).isEmpty()) {
            try {
                return create(draft, schedule);
            } catch (TestConflictException raced) {
                // created meanwhile: schedule what is stored now
            }
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            LoadTest current = get(draft.testID());
            if (!TestStatus.SCHEDULABLE.contains(current.status())) {
                throw notAllowed(current, "schedule");
            }
            TestSpec spec = validator.merge(current.spec(), draft);
            Instant now = now();
            Update update = new Update().set("spec", spec).set("userID", userOf(draft, current))
                    .set("status", TestStatus.Scheduled).set("statusReason", null)
                    .set("schedule", schedule).set("updatedAt", now);
            Optional<LoadTest> scheduled = tests.transition(current, update);
            if (scheduled.isPresent()) {
                log.info("Test {} scheduled for {}{}", current.testID(), schedule.at(),
                        schedule.recurring() ? " (cron '" + schedule.cron() + "' in " + schedule.timeZone() + ")" : "");
                events.publishEvent(new TestScheduled(current.testID(), schedule.at()));
                return scheduled.get();
            }
        }
        throw new TestConflictException("concurrent-update",
                "Test '" + draft.testID() + "' kept changing while this request was applied; try again.");
    }

    /** Stops a running test (keeping the partial results) or calls off a scheduled one. */
    public LoadTest cancel(String testID) {
        SpecValidator.checkTestId(testID);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            LoadTest current = get(testID);
            if (current.status() != TestStatus.Running && current.status() != TestStatus.Scheduled) {
                throw notAllowed(current, "cancel");
            }
            Instant now = now();
            // cancelling ends a recurring series too
            Update update = new Update().set("status", TestStatus.Cancelled).set("statusReason", "cancelled by request")
                    .set("finishedAt", now).set("updatedAt", now).set("schedule", null);
            Optional<LoadTest> cancelled = tests.transition(current, update);
            if (cancelled.isPresent()) {
                if (current.status() == TestStatus.Running && current.currentRunId() != null) {
                    stopRun(current.currentRunId(), testID, "cancelled");
                }
                log.info("Test {} cancelled (was {})", testID, current.status());
                return cancelled.get();
            }
        }
        throw new TestConflictException("concurrent-update",
                "Test '" + testID + "' kept changing while this request was applied; try again.");
    }

    /**
     * Records the end of a run with its merged results. The test follows when this run is still its
     * current one and it is still Running; a test that was cancelled or restarted meanwhile keeps its
     * status.
     */
    public void endRun(String runID, TestStatus outcome, String reason, io.moniflux.results.RunResults results) {
        Instant now = now();
        Optional<TestRun> stored = runs.find(runID);
        if (stored.isEmpty()) {
            return;
        }
        // a run asked to stop ends Cancelled with the reason it was asked for (cancelled, restarted)
        boolean stopped = stored.get().stopRequested() && outcome != TestStatus.Failed;
        Optional<TestRun> ended = runs.end(runID, stopped ? TestStatus.Cancelled : outcome, stopped ? null : reason, now, results);
        if (ended.isEmpty()) {
            return;
        }
        TestRun run = ended.get();
        Update update = new Update().set("status", run.status()).set("statusReason", run.endReason())
                .set("finishedAt", now).set("updatedAt", now);
        Optional<LoadTest> test = tests.find(run.testID());
        Schedule series = test.map(LoadTest::schedule).filter(Schedule::recurring).orElse(null);
        Instant next = series == null ? null : Schedules.next(series, now);
        if (next != null && run.status() != TestStatus.Cancelled) {
            // a recurring test waits for its next firing
            update.set("status", TestStatus.Scheduled).set("statusReason", "last run " + run.status())
                    .set("schedule", new Schedule(next, series.cron(), series.timeZone()));
        }
        boolean followed = tests.transitionRun(run.testID(), runID, EnumSet.of(TestStatus.Running), update).isPresent();
        if (followed && next != null && run.status() != TestStatus.Cancelled) {
            events.publishEvent(new TestScheduled(run.testID(), next));
        }
        log.info("Run {} of test {} ended: {}{}", runID, run.testID(), run.status(),
                run.endReason() == null ? "" : " (" + run.endReason() + ")");
        events.publishEvent(new RunEnded(runID, run.testID(), run.status()));
    }

    /**
     * Refuses a run that would take a user, or the whole service, over its caps on running tests and
     * aggregate rate. Called through the cap gate, together with the change that takes the share, so
     * that requests racing each other on any replicas are counted one after the other.
     */
    private void checkCaps(String testID, String userID, double rate) {
        List<LoadTest> running = tests.findByStatus(TestStatus.Running).stream().filter(t -> !t.testID().equals(testID)).toList();
        List<LoadTest> users = running.stream().filter(t -> userID.equals(t.userID())).toList();
        double userRate = users.stream().mapToDouble(t -> t.spec().peakRate()).sum();
        double totalRate = running.stream().mapToDouble(t -> t.spec().peakRate()).sum();
        if (users.size() + 1 > limits.maxUserTests()) {
            throw new InvalidTestException("testID", "cap-exceeded", "user '" + userID + "' already runs " + users.size()
                    + " tests; the cap is " + limits.maxUserTests() + " running tests per user");
        }
        if (running.size() + 1 > limits.maxRunningTests()) {
            throw new InvalidTestException("testID", "cap-exceeded", running.size()
                    + " tests are running; the cap is " + limits.maxRunningTests() + " running tests in all");
        }
        if (userRate + rate > limits.maxUserRate()) {
            throw new InvalidTestException("logRate", "cap-exceeded", "user '" + userID + "' would run " + (userRate + rate)
                    + " events/s; the cap is " + limits.maxUserRate() + " events/s per user");
        }
        if (totalRate + rate > limits.maxTotalRate()) {
            throw new InvalidTestException("logRate", "cap-exceeded", "running tests would reach " + (totalRate + rate)
                    + " events/s; the cap is " + limits.maxTotalRate() + " events/s in all");
        }
    }

    /** Mongo keeps milliseconds; so does everything written, so that a response equals what is read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Records what the backend said it holds of a run. A pending verification makes verifying the run
     * {@code replica}'s follow-up; any other status ends that follow-up.
     */
    public void recordVerification(String runID, io.moniflux.results.Verification verification, String replica) {
        Update update = new Update().set("verification", verification);
        runs.update(runID, io.moniflux.results.Verification.PENDING.equals(verification.status())
                ? update.set(followUpField(TestRun.VERIFY), replica) : update.unset(followUpField(TestRun.VERIFY)));
    }

    /** Makes calling the run's webhook {@code replica}'s follow-up. */
    public void expectNotification(String runID, String replica) {
        runs.update(runID, new Update().set(followUpField(TestRun.NOTIFY), replica));
    }

    /** Records a webhook call about a run, with its attempts, which ends that follow-up. */
    public void recordNotification(String runID, RunNotification notification) {
        runs.update(runID, new Update().push("notifications", notification).unset(followUpField(TestRun.NOTIFY)));
    }

    /** Runs with a follow-up of this kind still to do. */
    public List<TestRun> withFollowUp(String kind) {
        return runs.withField(followUpField(kind));
    }

    /**
     * Hands a follow-up over from a replica that is gone to {@code to}; true for the one replica that
     * gets it when several try.
     */
    public boolean takeOverFollowUp(String runID, String kind, String from, String to) {
        return runs.replace(runID, followUpField(kind), from, to);
    }

    /** Gives up a follow-up that cannot be done. */
    public void dropFollowUp(String runID, String kind) {
        runs.update(runID, new Update().unset(followUpField(kind)));
    }

    private static String followUpField(String kind) {
        return "followUps." + kind;
    }

    /** Stops a run because it broke a threshold that aborts it; every part stops within a poll. */
    void abortRun(String runID, String reason) {
        runs.find(runID).ifPresent(run -> stopRun(runID, run.testID(), reason));
    }

    private void stopRun(String runID, String testID, String reason) {
        if (runs.requestStop(runID, reason)) {
            events.publishEvent(new RunStopRequested(runID, testID, reason));
        }
    }

    private LoadTest newTest(String testID, TestDraft draft) {
        List<Violation> violations = new ArrayList<>();
        String userID = SpecValidator.checkUserId(draft.userID(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidTestException(violations);
        }
        TestSpec spec = validator.merge(null, draft);
        Instant now = now();
        return new LoadTest(testID, userID == null ? ANONYMOUS : userID, spec, TestStatus.Pending, null, null,
                now, now, null, null, null, 0, 0);
    }

    private String userOf(TestDraft draft, LoadTest current) {
        List<Violation> violations = new ArrayList<>();
        String userID = SpecValidator.checkUserId(draft.userID(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidTestException(violations);
        }
        return userID == null ? current.userID() : userID;
    }

    private static LoadTest withStatus(LoadTest test, TestStatus status, Schedule schedule) {
        return new LoadTest(test.testID(), test.userID(), test.spec(), status, test.statusReason(), schedule,
                test.createdAt(), test.updatedAt(), test.startedAt(), test.finishedAt(), test.currentRunId(),
                test.runCount(), test.version());
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

    private static TestConflictException notAllowed(LoadTest test, String action) {
        String id = test.testID();
        return switch (action) {
            case "start" -> new TestConflictException("test-already-running",
                    "Test '" + id + "' is already running (run " + test.currentRunId() + "); cancel or restart it instead.");
            case "restart" -> new TestConflictException("test-not-restartable",
                    "Test '" + id + "' is " + test.status() + "; cancel its schedule or use start-test.");
            case "schedule" -> new TestConflictException("test-not-schedulable",
                    "Test '" + id + "' is " + test.status() + "; only a test that is not running can be scheduled.");
            case "cancel" -> new TestConflictException("test-not-cancellable",
                    "Test '" + id + "' is " + test.status() + "; only a Running or Scheduled test can be cancelled.");
            default -> new TestConflictException("invalid-transition", "Test '" + id + "' is " + test.status() + ".");
        };
    }
}
