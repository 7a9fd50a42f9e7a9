package io.moniflux.support;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** A test definition for a delivery scenario, and running it to its end. */
public final class Scenario {

    private final Map<String, Object> definition = new LinkedHashMap<>();

    private Scenario(String prefix, Map<String, Object> destination) {
        definition.put("testID", prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        definition.put("userID", "user123");
        definition.put("logType", "WARN");
        definition.put("logSize", 64);
        definition.put("duration", 2);
        definition.put("destination", destination);
    }

    public static Scenario to(String prefix, Map<String, Object> destination) {
        return new Scenario(prefix, destination);
    }

    public Scenario with(String field, Object value) {
        definition.put(field, value);
        return this;
    }

    public String testID() {
        return (String) definition.get("testID");
    }

    public String runID() {
        return testID() + "-run-1";
    }

    public Map<String, Object> definition() {
        return definition;
    }

    /** Starts the test and waits for its end; returns the test with its last run's results. */
    public JsonNode run(Api api, Duration atMost) {
        Api.Response started = api.post("/start-test", definition);
        if (started.status() != 200) {
            throw new IllegalStateException("start-test refused: " + started);
        }
        return Runs.awaitEnd(api, testID(), atMost);
    }

    /** Accepted events of one signal in the run's results. */
    public static long sent(JsonNode test, String signal) {
        return Runs.results(test, signal).path("sent").asLong();
    }
}
