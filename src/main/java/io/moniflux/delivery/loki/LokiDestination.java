package io.moniflux.delivery.loki;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.HttpOptions;
import io.moniflux.delivery.Secret;
import io.moniflux.delivery.Tls;

/**
 * A Loki (or anything that takes its push API).
 *
 * @param tenant sent as {@code X-Scope-OrgID}
 */
@JsonTypeName(LokiDestination.TYPE)
public record LokiDestination(String name, String type, String endpoint, Integer port, Secret apiKey,
        Map<String, Secret> headers, String compression, Tls tls, String tenant) implements Destination, HttpOptions {

    public static final String TYPE = "loki";
    static final int DEFAULT_PORT = 3100;

    public LokiDestination {
        type = TYPE;
    }
}
