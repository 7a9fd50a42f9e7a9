package io.moniflux.delivery.json;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.HttpOptions;
import io.moniflux.delivery.Secret;
import io.moniflux.delivery.Tls;

/** A destination of the Go service's own format, the default type: the Go service's fields, and the HTTP options. */
@JsonTypeName(HttpJsonDestination.TYPE)
public record HttpJsonDestination(String name, String type, String endpoint, Integer port, Secret apiKey,
        Map<String, Secret> headers, String compression, Tls tls) implements Destination, HttpOptions {

    public static final String TYPE = "http";

    public HttpJsonDestination {
        type = TYPE;
    }

    /** A destination with just the Go service's fields. */
    public static HttpJsonDestination of(String name, String endpoint, Integer port, String apiKey) {
        return new HttpJsonDestination(name, TYPE, endpoint, port, Secret.of(apiKey), null, null, null);
    }
}
