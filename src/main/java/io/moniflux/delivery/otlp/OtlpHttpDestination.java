package io.moniflux.delivery.otlp;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.HttpOptions;
import io.moniflux.delivery.Secret;
import io.moniflux.delivery.Tls;

/**
 * An OTLP/HTTP receiver.
 *
 * @param encoding           the body: {@code protobuf} (default) or {@code json}
 * @param resourceAttributes added to every resource (service.name and friends)
 */
@JsonTypeName(OtlpHttpDestination.TYPE)
public record OtlpHttpDestination(String name, String type, String endpoint, Integer port, Secret apiKey,
        Map<String, Secret> headers, String compression, Tls tls, String encoding, Map<String, String> resourceAttributes)
        implements Destination, HttpOptions {

    public static final String TYPE = "otlp-http";

    public OtlpHttpDestination {
        type = TYPE;
        resourceAttributes = resourceAttributes == null ? Map.of() : resourceAttributes;
    }

    boolean json() {
        return "json".equals(encoding);
    }
}
