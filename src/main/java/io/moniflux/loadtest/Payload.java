package io.moniflux.loadtest;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.moniflux.telemetry.MetricKind;
import io.moniflux.telemetry.PayloadOptions;

/**
 * How varied the generated content is; absent fields take their defaults.
 *
 * @param seed        makes the content reproducible
 * @param entropy     0 (identical bodies) to 1 (every body different)
 * @param cardinality distinct metric series and attribute combinations
 * @param attributes  added to every event (resource attributes for OTLP)
 * @param metricKinds the kinds of metric series: gauge, counter, histogram, exponential_histogram,
 *                    summary; absent for counters, gauges and histograms
 */
public record Payload(Long seed, Double entropy, Integer cardinality, Map<String, String> attributes,
        List<String> metricKinds) {

    public Payload(Long seed, Double entropy, Integer cardinality, Map<String, String> attributes) {
        this(seed, entropy, cardinality, attributes, null);
    }

    /** The metric kinds a payload names that exist; the default mix when it names none (or is null). */
    public static Set<MetricKind> metricKindsOf(Payload payload) {
        if (payload == null || payload.metricKinds() == null) {
            return PayloadOptions.DEFAULT_METRIC_KINDS;
        }
        Set<MetricKind> kinds = EnumSet.noneOf(MetricKind.class);
        payload.metricKinds().forEach(key -> MetricKind.ofKey(key).ifPresent(kinds::add));
        return kinds.isEmpty() ? PayloadOptions.DEFAULT_METRIC_KINDS : kinds;
    }
}
