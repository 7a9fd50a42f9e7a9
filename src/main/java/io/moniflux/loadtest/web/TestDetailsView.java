package io.moniflux.loadtest.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * One test with its current (or last) run's progress and a summary of its runs.
 *
 * @param progress the current or last run, with live counters while it runs
 * @param runs     every run, newest first, with its results
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TestDetailsView(@JsonUnwrapped TestView test, RunView progress, List<RunSummaryView> runs) {
}
