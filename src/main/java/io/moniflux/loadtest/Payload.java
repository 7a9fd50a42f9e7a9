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
 * @param churn       how the metric series change during the run
 * @param logs        the bodies and levels of log records
 * @param traces      the shape of traces
 */
public record Payload(Long seed, Double entropy, Integer cardinality, Map<String, String> attributes,
        List<String> metricKinds, ChurnSpec churn, LogsSpec logs, TracesSpec traces) {

    public Payload(Long seed, Double entropy, Integer cardinality, Map<String, String> attributes) {
        this(seed, entropy, cardinality, attributes, null, null, null, null);
    }

    /**
     * Series churn.
     *
     * @param mode   none, gradual, spike or double-halve
     * @param period seconds between changes (default 60)
     */
    public record ChurnSpec(String mode, Integer period) {
    }

    /**
     * Log bodies.
     *
     * @param format          text (default), json, access, kubernetes or logfmt
     * @param stackTraceRatio the share of records that are multi-line Java stack traces (0 to 1)
     * @param severity        weights of the levels ({@code {"INFO": 90, "WARN": 8, "ERROR": 2}}), instead of logType
     * @param templates       message templates with {@code {variables}}
     */
    public record LogsSpec(String format, Double stackTraceRatio, Map<String, Double> severity, List<String> templates) {
    }

    /**
     * The shape of traces.
     *
     * @param depth      levels below the root span (1 to 10; with breadth)
     * @param breadth    calls under each span above the leaves (1 to 10)
     * @param errorRatio the share of spans that fail (default 0.01)
     * @param spanEvents events per span on average (0 to 10)
     * @param linkRatio  the share of root spans linked to an earlier trace's root
     */
    public record TracesSpec(Integer depth, Integer breadth, Double errorRatio, Double spanEvents, Double linkRatio) {
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
