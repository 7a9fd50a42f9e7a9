package io.moniflux.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.observe.TargetStatus;

/**
 * Results of a run, or of one part of it: per signal ({@code logs}, {@code metrics}, {@code traces}),
 * the verdict of each threshold, and the outcome of a capacity search.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RunResults(Map<String, SignalResults> signals, List<ThresholdResult> thresholds, CapacityResult capacity,
        List<TargetStatus> observation) {

    public static final RunResults EMPTY = new RunResults(Map.of());

    public RunResults {
        signals = signals == null ? Map.of() : Map.copyOf(signals);
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        observation = observation == null ? List.of() : List.copyOf(observation);
    }

    public RunResults(Map<String, SignalResults> signals) {
        this(signals, List.of(), null, List.of());
    }

    public RunResults(Map<String, SignalResults> signals, List<ThresholdResult> thresholds, CapacityResult capacity) {
        this(signals, thresholds, capacity, List.of());
    }

    public SignalResults signal(String key) {
        return signals.getOrDefault(key, SignalResults.EMPTY);
    }

    /**
     * Two parts' results, or a part's before and after a failover: counters and histograms add up, a
     * threshold fails if it failed anywhere.
     */
    public RunResults plus(RunResults other) {
        if (other == null) {
            return this;
        }
        Map<String, SignalResults> sum = new TreeMap<>(signals);
        other.signals.forEach((key, value) -> sum.merge(key, value, SignalResults::plus));
        Map<String, ThresholdResult> verdicts = new LinkedHashMap<>();
        thresholds.forEach(t -> verdicts.put(t.threshold(), t));
        other.thresholds.forEach(t -> verdicts.merge(t.threshold(), t, ThresholdResult::plus));
        // a capacity search runs in one part; a later owner's result carries on from the earlier one's
        Map<String, TargetStatus> watched = new LinkedHashMap<>();
        observation.forEach(t -> watched.put(t.name(), t));
        other.observation.forEach(t -> watched.merge(t.name(), t, TargetStatus::plus));
        return new RunResults(sum, new ArrayList<>(verdicts.values()), other.capacity != null ? other.capacity : capacity,
                new ArrayList<>(watched.values()));
    }

    /** Everything summed over the signals, latency included. */
    public SignalResults total() {
        return signals.values().stream().reduce(SignalResults.EMPTY, SignalResults::plus);
    }

    /** The thresholds that failed. */
    public List<ThresholdResult> failedThresholds() {
        return thresholds.stream().filter(t -> !t.passed()).toList();
    }
}
