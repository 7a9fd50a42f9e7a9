package io.moniflux.telemetry;

import java.util.Map;

/**
 * How realistic and how varied the generated content is.
 *
 * @param seed        makes content reproducible; random when null
 * @param entropy     0 (identical bodies, which flatter compression and parsing) to 1 (every body
 *                    different, random tokens)
 * @param cardinality distinct metric series (label sets) and distinct attribute combinations
 * @param attributes  extra attributes put on every event (resource attributes for OTLP)
 */
public record PayloadOptions(Long seed, double entropy, int cardinality, Map<String, String> attributes) {

    public static final double DEFAULT_ENTROPY = 0.5;
    public static final int DEFAULT_CARDINALITY = 100;
    public static final PayloadOptions DEFAULTS = new PayloadOptions(null, DEFAULT_ENTROPY, DEFAULT_CARDINALITY, Map.of());

    public PayloadOptions {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
