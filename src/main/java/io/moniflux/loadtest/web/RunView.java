package io.moniflux.loadtest.web;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.loadtest.TestRun;
import io.moniflux.loadtest.TestStatus;

/** One run of a test as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunView(
        String runID,
        String testID,
        int number,
        TestStatus status,
        Instant startedAt,
        Instant endedAt,
        String endReason,
        double logRate,
        double metricsRate,
        double traceRate,
        int duration) {

    static RunView of(TestRun run) {
        return new RunView(run.runID(), run.testID(), run.number(), run.status(), run.startedAt(), run.endedAt(),
                run.endReason(), run.spec().logRate(), run.spec().metricsRate(), run.spec().traceRate(),
                run.spec().duration());
    }
}
