package io.moniflux.telemetry;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * How realistic and how varied the generated content is.
 *
 * @param seed        makes content reproducible; random when null
 * @param entropy     0 (identical bodies, which flatter compression and parsing) to 1 (every body
 *                    different, random tokens)
 * @param cardinality distinct metric series (label sets) and distinct attribute combinations
 * @param attributes  extra attributes put on every event (resource attributes for OTLP)
 * @param metricKinds the kinds of metric series to write; empty for the default mix of counters,
 *                    gauges and histograms
 * @param churn       how the metric series change during the run
 * @param logs        what log records look like
 * @param traces      the shape of traces
 */
public record PayloadOptions(Long seed, double entropy, int cardinality, Map<String, String> attributes,
        Set<MetricKind> metricKinds, Churn churn, LogShape logs, TraceShape traces) {

    public static final double DEFAULT_ENTROPY = 0.5;
    public static final int DEFAULT_CARDINALITY = 100;
    /** What a test that names no kinds writes: the mix every protocol carries. */
    public static final Set<MetricKind> DEFAULT_METRIC_KINDS = Set.copyOf(EnumSet.of(MetricKind.COUNTER, MetricKind.GAUGE,
            MetricKind.HISTOGRAM));
    public static final PayloadOptions DEFAULTS = new PayloadOptions(null, DEFAULT_ENTROPY, DEFAULT_CARDINALITY, Map.of());

    public PayloadOptions {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        metricKinds = metricKinds == null || metricKinds.isEmpty() ? DEFAULT_METRIC_KINDS : Set.copyOf(metricKinds);
        churn = churn == null ? Churn.NONE : churn;
        logs = logs == null ? LogShape.DEFAULT : logs;
        traces = traces == null ? TraceShape.DEFAULT : traces;
    }

    public PayloadOptions(Long seed, double entropy, int cardinality, Map<String, String> attributes) {
        this(seed, entropy, cardinality, attributes, null);
    }

    public PayloadOptions(Long seed, double entropy, int cardinality, Map<String, String> attributes, Set<MetricKind> metricKinds) {
        this(seed, entropy, cardinality, attributes, metricKinds, null, null, null);
    }
}
