package io.moniflux.loadtest;

import java.util.Map;
import java.util.TreeMap;

import io.moniflux.telemetry.Signal;

/** Rates by signal key, as runs store them. */
final class RunRates {

    private RunRates() {
    }

    static Map<String, Double> of(TestSpec spec) {
        Map<String, Double> rates = new TreeMap<>();
        for (Signal signal : spec.signals()) {
            rates.put(signal.key(), spec.rate(signal));
        }
        return rates;
    }
}
