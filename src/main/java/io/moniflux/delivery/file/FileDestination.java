package io.moniflux.delivery.file;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.Secret;

/**
 * NDJSON files: {@code endpoint} is a folder relative to the service's file base folder. Files have
 * no port and no credentials, so both are refused.
 *
 * @param rotation when to start a new file and how many to keep
 */
@JsonTypeName(FileDestination.TYPE)
public record FileDestination(String name, String type, String endpoint, Integer port, Secret apiKey, Rotation rotation)
        implements Destination {

    public static final String TYPE = "file";

    public FileDestination {
        type = TYPE;
    }

    /** A new file after {@code maxBytes} or {@code maxAgeSeconds}; {@code retain} files are kept. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rotation(Long maxBytes, Long maxAgeSeconds, Integer retain) {
    }
}
