package io.moniflux.loadtest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

/**
 * Repairs what a crash between two writes of a start can leave: a Running test whose run was never
 * written. (A run whose parts are all done but that was never ended is ended by coordination, which
 * keeps the parts, through {@link RunEndings}.)
 */
@Service
public class TestRepair {

    private static final Logger log = LoggerFactory.getLogger(TestRepair.class);
    /** How long a start may take between writing the test and writing its run. */
    private static final Duration START_WINDOW = Duration.ofSeconds(30);

    private final LoadTestStore tests;
    private final RunStore runs;
    private final Clock clock;

    TestRepair(LoadTestStore tests, RunStore runs, Clock clock) {
        this.tests = tests;
        this.runs = runs;
        this.clock = clock;
    }

    public void failTestsWithoutRun() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (LoadTest test : tests.findByStatus(TestStatus.Running)) {
            if (test.currentRunId() != null && test.startedAt() != null && test.startedAt().isBefore(now.minus(START_WINDOW))
                    && runs.find(test.currentRunId()).isEmpty()) {
                try {
                    tests.save(test.runNeverRecorded(now));
                    log.warn("Test {} failed: its run {} was never recorded", test.testID(), test.currentRunId());
                } catch (OptimisticLockingFailureException changed) {
                    // it moved on meanwhile: nothing to repair
                }
            }
        }
    }
}
