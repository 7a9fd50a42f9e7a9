package io.moniflux.coordination;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.moniflux.loadtest.PartOutcome;
import io.moniflux.loadtest.RunEndings;
import io.moniflux.loadtest.TestQueries;
import io.moniflux.loadtest.TestRepair;
import io.moniflux.loadtest.TestRun;
import io.moniflux.results.EndReason;

/**
 * Repairs what a crash between two writes can leave, on every replica: a run whose parts are all done
 * but which was never ended (its verdict is the one a normal end gives), a run whose parts were never
 * written, and a Running test whose run was never written.
 */
@Component
class RunRepair {

    private static final Logger log = LoggerFactory.getLogger(RunRepair.class);
    /** How long a start may take between writing a run and writing its parts. */
    private static final Duration START_WINDOW = Duration.ofSeconds(30);

    private final TestQueries queries;
    private final Leases leases;
    private final RunEndings endings;
    private final TestRepair tests;
    private final Clock clock;

    RunRepair(TestQueries queries, Leases leases, RunEndings endings, TestRepair tests, Clock clock) {
        this.queries = queries;
        this.leases = leases;
        this.endings = endings;
        this.tests = tests;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${moniflux.coordination.repair-interval:10s}")
    void repair() {
        try {
            Instant now = clock.instant();
            for (TestRun run : queries.running()) {
                if (leases.parts(run.runID()).isEmpty()) {
                    if (run.startedAt() != null && run.startedAt().isBefore(now.minus(START_WINDOW))) {
                        log.warn("Run {} has no parts: the replica that started it stopped in between", run.runID());
                        endings.end(run.runID(), List.of(new PartOutcome(null,
                                new EndReason.Failed("its parts were never written (the replica that started it stopped)"), 0)));
                    }
                } else {
                    leases.endIfDone(run.runID());
                }
            }
            tests.failTestsWithoutRun();
        } catch (RuntimeException e) {
            log.warn("Repairing runs failed; trying again", e);
        }
    }
}
