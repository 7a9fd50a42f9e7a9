package io.moniflux.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Request bodies for tests, as a frontend would send them. */
final class TestBodies {

    private TestBodies() {
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A complete definition sending a little of each signal to {@code receiverUrl} for a long time. */
    static Map<String, Object> definition(String testID, String receiverUrl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("testID", testID);
        body.put("userID", "user123");
        body.put("logType", "INFO");
        body.put("logRate", 2);
        body.put("logSize", 50);
        body.put("metricsRate", 1);
        body.put("traceRate", 1);
        body.put("duration", 600);
        body.put("destination", new LinkedHashMap<>(Map.of(
                "name", "local-receiver", "endpoint", receiverUrl, "apiKey", "test-api-key")));
        return body;
    }

    static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        if (value == null) {
            copy.remove(field);
        } else {
            copy.put(field, value);
        }
        return copy;
    }

    static Map<String, Object> id(String testID) {
        return Map.of("testID", testID);
    }
}
