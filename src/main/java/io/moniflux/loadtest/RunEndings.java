package io.moniflux.loadtest;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.moniflux.results.EndReason;

/**
 * How runs stop and end: asked to stop (cancel, restart, a threshold that aborts), then ended once every
 * part is done, with the {@link RunVerdict} on what the parts did; the test follows its run. The owner
 * of a run's last part, the repair of a crash and a failover all end runs here.
 */
@Service
public class RunEndings {

    private static final Logger log = LoggerFactory.getLogger(RunEndings.class);

    private final RunStore runs;
    private final LoadTestStore tests;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RunEndings(RunStore runs, LoadTestStore tests, ApplicationEventPublisher events, Clock clock) {
        this.runs = runs;
        this.tests = tests;
        this.events = events;
        this.clock = clock;
    }

    /** A threshold that aborts broke in a part: the whole run stops, and fails with that breach. */
    public void abort(String runID, EndReason.ThresholdAborted breach) {
        requestStop(runID, breach);
    }

    /** Asks a running run to stop; its owners stop when they see it (at once on the replica that asks). */
    void requestStop(String runID, EndReason reason) {
        Optional<TestRun> asked = Conflicts.retry("Run '" + runID + "'", () -> runs.find(runID)
                .flatMap(run -> run.requestStop(reason)).map(runs::save));
        asked.ifPresent(run -> events.publishEvent(new RunStopRequested(run.runID(), run.testID(), reason)));
    }

    /**
     * Ends a run whose parts are all done, with the verdict on what they did; nothing when it had ended
     * already. The test follows when this is still its current run and it is still Running.
     */
    public void end(String runID, List<PartOutcome> parts) {
        Instant now = now();
        Optional<TestRun> ended = Conflicts.retry("Run '" + runID + "'", () -> runs.find(runID)
                .flatMap(run -> run.end(RunVerdict.of(run, parts), now)).map(runs::save));
        if (ended.isEmpty()) {
            return;
        }
        TestRun run = ended.get();
        Conflicts.retry("Test '" + run.testID() + "'", () -> tests.find(run.testID()).map(test -> {
            Instant next = test.schedule() != null && test.schedule().recurring() ? Schedules.next(test.schedule(), now) : null;
            LoadTest followed = test.runEnded(run, next, now);
            if (followed == test) {
                return test;
            }
            LoadTest saved = tests.save(followed);
            if (saved.status() == TestStatus.Scheduled) {
                events.publishEvent(new TestScheduled(saved.testID(), saved.schedule().at()));
            }
            return saved;
        }));
        log.info("Run {} of test {} ended: {} ({})", runID, run.testID(), run.status(), run.endReason().describe());
        events.publishEvent(new RunEnded(runID, run.testID(), run.status()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
