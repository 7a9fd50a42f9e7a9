package io.moniflux.loadtest.web;

import java.util.List;
import java.util.Map;

import io.moniflux.delivery.Destination;
import io.moniflux.loadtest.CapacitySpec;
import io.moniflux.loadtest.ObserveSpec;
import io.moniflux.loadtest.Payload;
import io.moniflux.loadtest.RateStage;
import io.moniflux.loadtest.TestDraft;
import io.moniflux.loadtest.ThresholdSpec;
import io.moniflux.loadtest.VerifySpec;
import io.moniflux.loadtest.WebhookSpec;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of create-test, start-test, restart-test and schedule-test, with the Go service's field
 * names. Unknown fields are refused, so a misspelt {@code lograte} cannot silently run a test without
 * logs.
 */
@Schema(name = "TestRequest", description = "A load test definition; on restart-test and schedule-test every field but testID is optional")
record TestRequest(
        @Schema(example = "checkout-pipeline", description = "Unique id; generated when absent on create-test and start-test") String testID,
        @Schema(example = "user123") String userID,
        @Schema(example = "INFO", description = "TRACE, DEBUG, INFO, WARN, ERROR, FATAL, or MIXED for a realistic spread") String logType,
        @Schema(example = "500", description = "Logs per second; 0 or absent turns logs off") Double logRate,
        @Schema(example = "50", description = "Bytes per log message") Integer logSize,
        @Schema(example = "1000", description = "Metric points per second") Double metricsRate,
        @Schema(example = "200", description = "Spans per second") Double traceRate,
        @Schema(example = "600", description = "Seconds the run lasts") Integer duration,
        Destination destination,
        @Schema(example = "1", description = "Parts the run is split into, each claimable by any replica") Integer workers,
        @Schema(example = "1", description = "Events per request; 1 sends one request per event as the Go service did") Integer batchSize,
        @Schema(description = "Load profile per signal (logs, metrics, traces): stages of {duration (s), rate}, ramping linearly from the signal's rate",
                example = "{\"logs\": [{\"duration\": 60, \"rate\": 5000}, {\"duration\": 60, \"rate\": 5000}]}") Map<String, List<RateStage>> stages,
        @Schema(description = "Content options: seed, entropy (0..1), cardinality, attributes, metricKinds, churn, logs "
                + "(format, stackTraceRatio, severity, templates), traces (depth, breadth, errorRatio, spanEvents, linkRatio)") Payload payload,
        @Schema(example = "256", description = "Requests in flight at once per worker; beyond it, late events are counted as missed") Integer maxInFlight,
        @Schema(description = "Pass/fail criteria over sliding windows: metric errorRate, missedRate, latency (with percentile) "
                + "or achievedRatio, or observed with a series of the watched endpoints; signal (absent: all); max (or min for achievedRatio; either for observed); window (s, default 10); abortOnFail; delayAbortEval (s)",
                example = "[{\"metric\": \"errorRate\", \"max\": 0.01, \"window\": 10, \"abortOnFail\": true}, "
                        + "{\"metric\": \"latency\", \"percentile\": 99, \"max\": 1000}]")
        List<ThresholdSpec> thresholds,
        CapacitySpec capacity,
        VerifySpec verify,
        WebhookSpec webhook,
        List<ObserveSpec> observe,
        @Schema(example = "2030-10-25T15:00:00Z", description = "ISO-8601 instant to start at (schedule-test, create-test)") String schedule,
        @Schema(description = "Alias of schedule") String scheduleAt,
        @Schema(example = "0 0 3 * * *", description = "Spring cron expression for a recurring test (schedule-test)") String cron,
        @Schema(example = "Europe/Paris", description = "Time zone of cron; UTC when absent") String timeZone) {

    TestDraft draft() {
        return new TestDraft(testID, userID, logType, logRate, logSize, metricsRate, traceRate, duration,
                destination, workers, batchSize, stages, payload, maxInFlight, thresholds, capacity, verify, webhook, observe);
    }

    boolean hasSchedule() {
        return notBlank(schedule) || notBlank(scheduleAt) || notBlank(cron);
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
