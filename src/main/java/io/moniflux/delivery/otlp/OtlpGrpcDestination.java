package io.moniflux.delivery.otlp;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.HttpOptions;
import io.moniflux.delivery.Secret;
import io.moniflux.delivery.Tls;

/**
 * An OTLP/gRPC receiver; an {@code https://} endpoint for TLS. Headers travel as gRPC metadata.
 *
 * @param resourceAttributes added to every resource (service.name and friends)
 */
@JsonTypeName(OtlpGrpcDestination.TYPE)
public record OtlpGrpcDestination(String name, String type, String endpoint, Integer port, Secret apiKey,
        Map<String, Secret> headers, String compression, Tls tls, Map<String, String> resourceAttributes)
        implements Destination, HttpOptions {

    public static final String TYPE = "otlp-grpc";

    public OtlpGrpcDestination {
        type = TYPE;
        resourceAttributes = resourceAttributes == null ? Map.of() : resourceAttributes;
    }
}
