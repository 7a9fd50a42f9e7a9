package io.moniflux.loadtest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on what one test may ask for, and the defaults of what it leaves out.
 *
 * @param maxRate          events per second per signal
 * @param maxDuration      seconds per run
 * @param maxLogSize       bytes per log message
 * @param maxWorkers       parts per run
 * @param maxBatchSize     events per request
 * @param defaultLogSize   bytes per log message when a test does not say
 * @param maxScheduleAhead how far in the future a single-instant schedule may be
 * @param maxInFlight      requests in flight at once that a test may ask for
 * @param maxCardinality   distinct series / attribute sets a test may ask for
 * @param maxStages        stages per signal
 * @param maxUserRate      events per second of all of one user's running tests together
 * @param maxUserTests     running tests of one user
 * @param maxTotalRate     events per second of all running tests together, on every replica
 * @param maxRunningTests  running tests in all
 */
@ConfigurationProperties("moniflux.limits")
record LoadTestLimits(
        @DefaultValue("1000000") double maxRate,
        @DefaultValue("86400") int maxDuration,
        @DefaultValue("1048576") int maxLogSize,
        @DefaultValue("64") int maxWorkers,
        @DefaultValue("10000") int maxBatchSize,
        @DefaultValue("100") int defaultLogSize,
        @DefaultValue("366d") Duration maxScheduleAhead,
        @DefaultValue("4096") int maxInFlight,
        @DefaultValue("100000") int maxCardinality,
        @DefaultValue("100") int maxStages,
        @DefaultValue("1000000") double maxUserRate,
        @DefaultValue("50") int maxUserTests,
        @DefaultValue("2000000") double maxTotalRate,
        @DefaultValue("1000") int maxRunningTests) {
}
