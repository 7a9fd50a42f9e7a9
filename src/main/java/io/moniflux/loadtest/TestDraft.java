package io.moniflux.loadtest;

import java.util.List;
import java.util.Map;

import io.moniflux.delivery.Destination;

/**
 * A test definition as a request gives it: every field may be absent. Absent fields keep the
 * stored value of an existing test, or take their default for a new one.
 */
public record TestDraft(
        String testID,
        String userID,
        String logType,
        Double logRate,
        Integer logSize,
        Double metricsRate,
        Double traceRate,
        Integer duration,
        Destination destination,
        Integer workers,
        Integer batchSize,
        Map<String, List<RateStage>> stages,
        Payload payload,
        Integer maxInFlight,
        List<ThresholdSpec> thresholds,
        CapacitySpec capacity,
        VerifySpec verify,
        WebhookSpec webhook,
        List<ObserveSpec> observe) {

    /** The placeholder the API shows instead of a stored apiKey; sent back, it keeps the stored one. */
    public static final String MASKED_SECRET = "****";

    /** The same draft for another user. */
    public TestDraft withUser(String user) {
        return new TestDraft(testID, user, logType, logRate, logSize, metricsRate, traceRate, duration, destination, workers,
                batchSize, stages, payload, maxInFlight, thresholds, capacity, verify, webhook, observe);
    }

    public static TestDraft of(String testID) {
        return new TestDraft(testID, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }
}
