package io.moniflux.delivery.graphite;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.Secret;

/**
 * A carbon (or carbon-compatible) plaintext receiver: {@code host:port} or {@code tcp://host:port}.
 * The plaintext protocol has no authentication, so an apiKey is refused.
 *
 * @param prefix the first part of every metric path (default moniflux)
 * @param tags   true (default): labels and the run marker as Graphite tags ({@code name;key=value});
 *               false: as parts of a dotted path, for carbon without a tag database
 */
@JsonTypeName(GraphiteDestination.TYPE)
public record GraphiteDestination(String name, String type, String endpoint, Integer port, Secret apiKey, String prefix,
        Boolean tags) implements Destination {

    public static final String TYPE = "graphite";
    static final int DEFAULT_PORT = 2003;

    public GraphiteDestination {
        type = TYPE;
    }

    String prefixOrDefault() {
        return prefix == null ? "moniflux" : prefix;
    }

    boolean tagged() {
        return !Boolean.FALSE.equals(tags);
    }
}
