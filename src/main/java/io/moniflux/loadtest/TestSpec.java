package io.moniflux.loadtest;

import java.util.EnumSet;
import java.util.Set;

import io.moniflux.delivery.Destination;
import io.moniflux.telemetry.Signal;

/**
 * What a test generates and where it sends it: a complete, validated definition. Rates are events
 * per second (fractional rates such as 0.5 are allowed); zero turns a signal off.
 *
 * @param logType   level of the generated logs (INFO, WARN, ...) or MIXED for a realistic spread
 * @param logSize   bytes of each log message
 * @param duration  seconds a run lasts
 * @param workers   parts a run is split into, each claimable by any replica
 * @param batchSize events per request; null leaves it to the destination type (1 for http)
 */
public record TestSpec(
        String logType,
        double logRate,
        int logSize,
        double metricsRate,
        double traceRate,
        int duration,
        Destination destination,
        int workers,
        Integer batchSize) {

    /** The signals this test generates. */
    public Set<Signal> signals() {
        Set<Signal> signals = EnumSet.noneOf(Signal.class);
        if (logRate > 0) {
            signals.add(Signal.LOGS);
        }
        if (metricsRate > 0) {
            signals.add(Signal.METRICS);
        }
        if (traceRate > 0) {
            signals.add(Signal.TRACES);
        }
        return signals;
    }

    public double rate(Signal signal) {
        return switch (signal) {
            case LOGS -> logRate;
            case METRICS -> metricsRate;
            case TRACES -> traceRate;
        };
    }

    TestSpec withDestination(Destination newDestination) {
        return new TestSpec(logType, logRate, logSize, metricsRate, traceRate, duration, newDestination, workers, batchSize);
    }
}
