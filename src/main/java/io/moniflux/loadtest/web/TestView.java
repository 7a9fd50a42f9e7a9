package io.moniflux.loadtest.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.delivery.Destination;
import io.moniflux.loadtest.CapacitySpec;
import io.moniflux.loadtest.LoadTest;
import io.moniflux.loadtest.ObserveSpec;
import io.moniflux.loadtest.Payload;
import io.moniflux.loadtest.RateStage;
import io.moniflux.loadtest.TestSpec;
import io.moniflux.loadtest.TestStatus;
import io.moniflux.loadtest.ThresholdSpec;
import io.moniflux.loadtest.VerifySpec;
import io.moniflux.loadtest.WebhookSpec;

/** A test as the API shows it, with the Go service's field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TestView(
        String testID,
        String userID,
        String logType,
        double logRate,
        int logSize,
        double metricsRate,
        double traceRate,
        int duration,
        Destination destination,
        int workers,
        Integer batchSize,
        TestStatus status,
        String statusReason,
        Instant schedule,
        String cron,
        String timeZone,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant completedAt,
        String currentRunID,
        int runCount,
        Integer maxInFlight,
        Map<String, List<RateStage>> stages,
        Payload payload,
        List<ThresholdSpec> thresholds,
        CapacitySpec capacity,
        VerifySpec verify,
        WebhookSpec webhook,
        List<ObserveSpec> observe) {

    static TestView of(LoadTest test) {
        TestSpec spec = test.spec();
        return new TestView(test.testID(), test.userID(), spec.logType(), spec.logRate(), spec.logSize(),
                spec.metricsRate(), spec.traceRate(), spec.duration(), spec.destination(),
                spec.workers(), spec.batchSize(), test.status(), test.statusReason(),
                test.schedule() == null ? null : test.schedule().at(),
                test.schedule() == null ? null : test.schedule().cron(),
                test.schedule() == null ? null : test.schedule().timeZone(),
                test.createdAt(), test.updatedAt(), test.startedAt(), test.finishedAt(), test.currentRunId(),
                test.runCount(), spec.maxInFlight(), spec.stages().isEmpty() ? null : spec.stages(), spec.payload(),
                spec.thresholds().isEmpty() ? null : spec.thresholds(), spec.capacity(), spec.verify(), spec.webhook(),
                spec.observe().isEmpty() ? null : spec.observe());
    }
}
