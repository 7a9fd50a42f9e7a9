package io.moniflux.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import tools.jackson.databind.JsonNode;

/** Waiting for runs in full-stack tests. */
public final class Runs {

    private Runs() {
    }

    /** Waits until the test is no longer Running and returns it (with its last run's progress). */
    public static JsonNode awaitEnd(Api api, String testID, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> !"Running".equals(api.get("/tests/" + testID).json().path("status").asString()));
        return api.get("/tests/" + testID).json();
    }

    /** The results of one signal of the test's current run. */
    public static JsonNode results(JsonNode test, String signal) {
        return test.path("progress").path("results").path(signal);
    }
}
