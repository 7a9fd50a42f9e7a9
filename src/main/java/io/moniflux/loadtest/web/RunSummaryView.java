package io.moniflux.loadtest.web;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.loadtest.RunSnapshot;
import io.moniflux.loadtest.RunStatus;
import io.moniflux.loadtest.TestRun;

/** A run in a test's history: when, how it ended, and how much got through (so far, while it runs). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunSummaryView(String runID, int number, RunStatus status, Instant startedAt, Instant endedAt, String endReason,
        Map<String, Totals> totals) {

    record Totals(long sent, long failed, long missed) {
    }

    static RunSummaryView of(RunSnapshot snapshot) {
        TestRun run = snapshot.run();
        Map<String, Totals> totals = new TreeMap<>();
        snapshot.signals().forEach((signal, s) -> totals.put(signal,
                new Totals(s.results().sent(), s.results().failed(), s.results().missed())));
        return new RunSummaryView(run.runID(), run.number(), run.status(), run.startedAt(), run.endedAt(),
                run.endReason() == null ? null : run.endReason().describe(), totals.isEmpty() ? null : totals);
    }
}
