package io.moniflux.delivery.zipkin;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.HttpOptions;
import io.moniflux.delivery.Secret;
import io.moniflux.delivery.Tls;

/** A Zipkin server, or a collector that takes Zipkin's v2 API. */
@JsonTypeName(ZipkinDestination.TYPE)
public record ZipkinDestination(String name, String type, String endpoint, Integer port, Secret apiKey,
        Map<String, Secret> headers, String compression, Tls tls) implements Destination, HttpOptions {

    public static final String TYPE = "zipkin";
    static final int DEFAULT_PORT = 9411;

    public ZipkinDestination {
        type = TYPE;
    }
}
