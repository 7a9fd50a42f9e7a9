package io.moniflux.loadtest;

import java.time.Instant;

import io.moniflux.delivery.json.HttpJsonDestination;

/** Aggregates for tests of other packages, made through the aggregate's own factory. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A Pending test of {@code userID}: 10 logs/s for 5 s to a closed local port. */
    public static LoadTest pendingTest(String testID, String userID, Instant now) {
        return LoadTest.create(testID, userID, new TestSpec("INFO", 10, 100, 0, 0, 5, HttpJsonDestination.of("d",
                "http://127.0.0.1:9", null, null), 1, null, null, null, null, null, null, null, null), null, now);
    }
}
