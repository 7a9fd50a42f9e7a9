package io.moniflux.telemetry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * An immutable set of string attributes (labels) shared by many events. Generators draw events'
 * attributes from a fixed pool of these, so an encoder can render each one once and reuse the text
 * (see {@link #rendered}), instead of serializing the same map for every event.
 */
public final class Attributes {

    private final Map<String, String> values;
    private volatile Rendering rendering;

    private record Rendering(Object format, Object value) {
    }

    public Attributes(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Map<String, String> values() {
        return values;
    }

    public String get(String key) {
        return values.get(key);
    }

    /**
     * This set rendered by {@code render} for the encoding named {@code format}; rendered once and kept
     * while the same encoding asks (one encoding per destination type uses a given event stream).
     */
    @SuppressWarnings("unchecked")
    public <T> T rendered(Object format, Function<Map<String, String>, T> render) {
        Rendering current = rendering;
        if (current != null && current.format() == format) {
            return (T) current.value();
        }
        T value = render.apply(values);
        rendering = new Rendering(format, value);
        return value;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
