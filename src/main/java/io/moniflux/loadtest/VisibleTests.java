package io.moniflux.loadtest;

import org.springframework.stereotype.Component;

import io.moniflux.security.Audit;
import io.moniflux.security.Caller;

/**
 * The tests the caller of the current request may see and act on: their own, or everyone's for an
 * admin. Someone else's test answers as if it did not exist, so that test ids cannot be probed.
 */
@Component
public class VisibleTests {

    private final TestQueries tests;

    VisibleTests(TestQueries tests) {
        this.tests = tests;
    }

    /** The test, if the caller may see it; otherwise not found. */
    public LoadTest get(String testID) {
        Audit.testID(testID);
        LoadTest test = tests.get(testID);
        if (!Caller.current().owns(test.userID())) {
            throw new TestNotFoundException(testID);
        }
        return test;
    }
}
