package io.moniflux.results;

import java.util.Map;
import java.util.TreeMap;

/** Results of a run, or of one part of it, by signal ({@code logs}, {@code metrics}, {@code traces}). */
public record RunResults(Map<String, SignalResults> signals) {

    public static final RunResults EMPTY = new RunResults(Map.of());

    public RunResults {
        signals = signals == null ? Map.of() : Map.copyOf(signals);
    }

    public SignalResults signal(String key) {
        return signals.getOrDefault(key, SignalResults.EMPTY);
    }

    public RunResults plus(RunResults other) {
        if (other == null) {
            return this;
        }
        Map<String, SignalResults> sum = new TreeMap<>(signals);
        other.signals.forEach((key, value) -> sum.merge(key, value, SignalResults::plus));
        return new RunResults(sum);
    }

    /** Everything summed over the signals, latency included. */
    public SignalResults total() {
        return signals.values().stream().reduce(SignalResults.EMPTY, SignalResults::plus);
    }
}
