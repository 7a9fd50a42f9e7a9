package io.moniflux.loadtest.web;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.loadtest.TestRun;
import io.moniflux.loadtest.TestStatus;

/** A past run in a test's history: when, how it ended, and how much got through. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunSummaryView(String runID, int number, TestStatus status, Instant startedAt, Instant endedAt, String endReason,
        Map<String, Totals> totals) {

    record Totals(long sent, long failed, long missed) {
    }

    static RunSummaryView of(TestRun run) {
        Map<String, Totals> totals = new TreeMap<>();
        if (run.results() != null) {
            run.results().signals().forEach((signal, r) -> totals.put(signal, new Totals(r.sent(), r.failed(), r.missed())));
        }
        return new RunSummaryView(run.runID(), run.number(), run.status(), run.startedAt(), run.endedAt(), run.endReason(),
                totals.isEmpty() ? null : totals);
    }
}
