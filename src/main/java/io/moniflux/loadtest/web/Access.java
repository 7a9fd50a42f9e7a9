package io.moniflux.loadtest.web;

import org.springframework.stereotype.Component;

import io.moniflux.loadtest.InvalidTestException;
import io.moniflux.loadtest.LoadTest;
import io.moniflux.loadtest.TestDraft;
import io.moniflux.loadtest.TestNotFoundException;
import io.moniflux.loadtest.TestQueries;
import io.moniflux.loadtest.VisibleTests;
import io.moniflux.security.Audit;
import io.moniflux.security.Caller;

/**
 * Whose tests a caller may see and change: their own, or everyone's for an admin. Someone else's test
 * answers 404, so that test ids cannot be probed.
 */
@Component
class Access {

    private final TestQueries tests;
    private final VisibleTests visible;

    Access(TestQueries tests, VisibleTests visible) {
        this.tests = tests;
        this.visible = visible;
    }

    /** The test, if the caller may see it. */
    LoadTest test(String testID) {
        return visible.get(testID);
    }

    /** Checks the caller may act on the test if it exists (read once: it may be created meanwhile). */
    void ifExists(String testID) {
        Audit.testID(testID);
        if (testID == null) {
            return;
        }
        tests.find(testID).ifPresent(test -> {
            if (!Caller.current().owns(test.userID())) {
                throw new TestNotFoundException(testID);
            }
        });
    }

    /**
     * The draft with the user it belongs to: the caller's own; an admin may name another user. A
     * non-admin naming someone else is refused.
     */
    TestDraft owned(TestDraft draft) {
        Caller caller = Caller.current();
        String userID = draft.userID();
        if (userID == null || userID.isBlank()) {
            userID = caller.userID();
        } else if (!caller.admin() && !userID.strip().equals(caller.userID())) {
            throw new InvalidTestException("userID", "not-your-user",
                    "userID must be your own user ('" + caller.userID() + "'); only an admin acts for others");
        }
        return draft.withUser(userID);
    }

    /** The user whose tests a listing shows: any for an admin, only the caller's own otherwise. */
    String listedUser(String requested) {
        Caller caller = Caller.current();
        if (caller.admin()) {
            return requested;
        }
        return caller.userID();
    }

    boolean mayList(String requested) {
        Caller caller = Caller.current();
        return caller.admin() || requested == null || requested.equals(caller.userID());
    }
}
