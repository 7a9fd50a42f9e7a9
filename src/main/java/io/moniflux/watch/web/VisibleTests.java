package io.moniflux.watch.web;

import org.springframework.stereotype.Component;

import io.moniflux.loadtest.LoadTest;
import io.moniflux.loadtest.LoadTests;
import io.moniflux.loadtest.TestNotFoundException;
import io.moniflux.security.Audit;
import io.moniflux.security.Caller;

/** The tests a caller may watch: their own, everyone's for an admin; others' answer 404 as in the API. */
@Component
class VisibleTests {

    private final LoadTests tests;

    VisibleTests(LoadTests tests) {
        this.tests = tests;
    }

    LoadTest get(String testID) {
        Audit.testID(testID);
        LoadTest test = tests.get(testID);
        if (!Caller.current().owns(test.userID())) {
            throw new TestNotFoundException(testID);
        }
        return test;
    }
}
