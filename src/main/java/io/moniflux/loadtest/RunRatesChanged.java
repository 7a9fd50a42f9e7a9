package io.moniflux.loadtest;

import java.util.Map;

/** The target rates of a running run changed; its owners apply them at once. */
public record RunRatesChanged(String runID, String testID, Map<String, Double> rates, long ratesVersion) {
}
