package io.moniflux.loadtest;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.moniflux.results.TimelinePoint;
import io.moniflux.results.TimelineStore;

/** Reading tests and runs as they are stored. */
@Service
public class TestQueries {

    private final LoadTestStore tests;
    private final RunStore runs;
    private final TimelineStore timeline;

    TestQueries(LoadTestStore tests, RunStore runs, TimelineStore timeline) {
        this.tests = tests;
        this.runs = runs;
        this.timeline = timeline;
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

    /** The runs of a test, newest first. */
    public List<TestRun> runs(String testID) {
        return runs.findByTest(testID, get(testID).runCount());
    }

    /** One run of a test. */
    public TestRun run(String testID, String runID) {
        return runs.find(runID).filter(run -> run.testID().equals(testID))
                .orElseThrow(() -> new RunNotFoundException(testID, runID));
    }

    /** A run by its id alone, if it exists. */
    public Optional<TestRun> run(String runID) {
        return runs.find(runID);
    }

    /** These runs, as stored now. */
    public List<TestRun> runs(Collection<String> runIDs) {
        return runIDs.isEmpty() ? List.of() : runs.findAll(runIDs);
    }

    /** The runs that have not ended. */
    public List<TestRun> running() {
        return runs.findRunning();
    }

    /** The current run of a test, if it has one written. */
    public Optional<TestRun> currentRun(LoadTest test) {
        return test.currentRunId() == null ? Optional.empty() : runs.find(test.currentRunId());
    }

    /** The per-second timeline of a run, its parts added up. */
    public List<TimelinePoint> timeline(String testID, String runID) {
        return timeline.read(run(testID, runID).runID());
    }
}
