package io.moniflux.loadtest;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.moniflux.results.TimelineStore;

/**
 * Deletes a test with everything it left: its runs, their parts and their timelines. Not while it
 * runs or waits for its schedule; the test goes first, conditional on the version it was judged at,
 * so that a start racing the delete either starts a test that stays or finds none.
 */
@Service
public class TestDeletion {

    private static final Logger log = LoggerFactory.getLogger(TestDeletion.class);

    private final LoadTestStore tests;
    private final RunStore runs;
    private final RunParts parts;
    private final TimelineStore timelines;

    TestDeletion(LoadTestStore tests, RunStore runs, RunParts parts, TimelineStore timelines) {
        this.tests = tests;
        this.runs = runs;
        this.parts = parts;
        this.timelines = timelines;
    }

    public void delete(String testID) {
        TestSpecs.checkTestId(testID);
        Conflicts.retry("Test '" + testID + "'", () -> {
            LoadTest test = tests.find(testID).orElseThrow(() -> new TestNotFoundException(testID));
            test.checkDeletable();
            tests.delete(test);
            return test;
        });
        List<String> deleted = runs.deleteByTest(testID);
        if (!deleted.isEmpty()) {
            parts.forget(deleted);
            timelines.delete(deleted);
        }
        log.info("Test {} deleted with {} run(s)", testID, deleted.size());
    }
}
