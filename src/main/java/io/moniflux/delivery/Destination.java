package io.moniflux.delivery;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.moniflux.delivery.json.HttpJsonDestination;
import tools.jackson.databind.annotation.JsonTypeIdResolver;

/**
 * Where a test sends its load and how: one record per protocol, chosen by {@code type}, each with the
 * options its protocol reads and nothing else. The JSON is flat, as the Go service's was:
 * {@code {"type": "loki", "endpoint": "http://loki:3100", "tenant": "team-a"}}; {@code http}, the Go
 * service's JSON format, is the type when none is given.
 *
 * <p>{@code apiKey} and any other {@link Secret} are never returned by the API nor written to logs;
 * they are stored encrypted.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true,
        defaultImpl = HttpJsonDestination.class)
@JsonTypeIdResolver(DestinationTypes.Resolver.class)
public interface Destination {

    /** The type of a destination that names none. */
    String DEFAULT_TYPE = "http";

    String name();

    String type();

    /** Where to send: a URL, {@code host:port}, a bare host, or (for files) a folder. */
    String endpoint();

    Integer port();

    /** A secret, sent in the protocol's own auth header. */
    Secret apiKey();

    /** The apiKey's value, for the protocol's auth header; null when there is none. */
    @JsonIgnore
    default String apiKeyValue() {
        return apiKey() == null ? null : apiKey().value();
    }
}
