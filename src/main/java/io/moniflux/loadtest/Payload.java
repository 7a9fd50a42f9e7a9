package io.moniflux.loadtest;

import java.util.Map;

/**
 * How varied the generated content is; absent fields take their defaults.
 *
 * @param seed        makes the content reproducible
 * @param entropy     0 (identical bodies) to 1 (every body different)
 * @param cardinality distinct metric series and attribute combinations
 * @param attributes  added to every event (resource attributes for OTLP)
 */
public record Payload(Long seed, Double entropy, Integer cardinality, Map<String, String> attributes) {
}
