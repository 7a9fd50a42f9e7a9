package io.moniflux.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The options every destination that speaks HTTP has.
 *
 * headers: extra HTTP headers, whose values are secrets like the apiKey (they often carry credentials);
 * compression: {@code gzip} or {@code none} (default); tls: the trust for https endpoints.
 */
public interface HttpOptions {

    Map<String, Secret> headers();

    String compression();

    Tls tls();

    /** The extra headers' values, for the requests. */
    @JsonIgnore
    default Map<String, String> headerValues() {
        Map<String, String> values = new LinkedHashMap<>();
        if (headers() != null) {
            headers().forEach((name, value) -> values.put(name, value == null ? null : value.value()));
        }
        return values;
    }

    @JsonIgnore
    default boolean gzip() {
        return "gzip".equals(compression());
    }
}
