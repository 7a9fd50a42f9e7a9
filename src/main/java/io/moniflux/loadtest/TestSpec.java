package io.moniflux.loadtest;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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
 * @param stages    optional load profile per signal ({@code logs}, {@code metrics}, {@code traces}),
 *                  starting from the signal's rate
 * @param payload   content options; null for the defaults
 * @param maxInFlight requests in flight at once per part; null for the service's default
 * @param thresholds  pass/fail criteria over sliding windows
 * @param capacity    a capacity search instead of a fixed rate for one signal; null for none
 * @param verify      asking the backend what it stored after each run; null for no verification
 * @param webhook     called when a run ends; null for the service's default, if any
 * @param observe     metrics endpoints of the pipeline to watch while a run goes on
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
        Integer batchSize,
        Map<String, List<RateStage>> stages,
        Payload payload,
        Integer maxInFlight,
        List<ThresholdSpec> thresholds,
        CapacitySpec capacity,
        VerifySpec verify,
        WebhookSpec webhook,
        List<ObserveSpec> observe) {

    public TestSpec {
        stages = stages == null ? Map.of() : Map.copyOf(stages);
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        observe = observe == null ? List.of() : List.copyOf(observe);
    }

    /** A test that watches no endpoint. */
    public TestSpec(String logType, double logRate, int logSize, double metricsRate, double traceRate, int duration,
            Destination destination, int workers, Integer batchSize, Map<String, List<RateStage>> stages, Payload payload,
            Integer maxInFlight, List<ThresholdSpec> thresholds, CapacitySpec capacity, VerifySpec verify, WebhookSpec webhook) {
        this(logType, logRate, logSize, metricsRate, traceRate, duration, destination, workers, batchSize, stages, payload,
                maxInFlight, thresholds, capacity, verify, webhook, List.of());
    }

    /** The signals this test generates: a rate above 0, or a stage that rises above 0. */
    public Set<Signal> signals() {
        Set<Signal> signals = EnumSet.noneOf(Signal.class);
        for (Signal signal : Signal.values()) {
            if (rate(signal) > 0 || stages(signal).stream().anyMatch(stage -> stage.rate() > 0) || searches(signal)) {
                signals.add(signal);
            }
        }
        return signals;
    }

    /** The most events per second this test can ask for at any moment (its rates or its stages' peaks). */
    public double peakRate() {
        double peak = 0;
        for (Signal signal : Signal.values()) {
            double rate = searches(signal) && capacity.ceiling() != null ? capacity.ceiling() : rate(signal);
            for (RateStage stage : stages(signal)) {
                rate = Math.max(rate, stage.rate());
            }
            peak += rate;
        }
        return peak;
    }

    public List<RateStage> stages(Signal signal) {
        return stages.getOrDefault(signal.key(), List.of());
    }

    /** Whether a capacity search drives this signal's rate. */
    public boolean searches(Signal signal) {
        return capacity != null && signal.key().equals(capacity.signal());
    }

    /** The signal's rate; for the signal a capacity search drives, the search's first rate. */
    public double rate(Signal signal) {
        if (searches(signal) && capacity.start() != null) {
            return capacity.start();
        }
        return switch (signal) {
            case LOGS -> logRate;
            case METRICS -> metricsRate;
            case TRACES -> traceRate;
        };
    }
}
