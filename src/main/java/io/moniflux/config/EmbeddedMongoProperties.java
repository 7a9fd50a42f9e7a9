package io.moniflux.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The in-process MongoDB-wire server used when no MongoDB URI is configured.
 *
 * @param path H2 store file; blank keeps the data in memory only (tests)
 * @param port port to listen on, 0 for a free one
 */
@ConfigurationProperties("moniflux.embedded-mongo")
public record EmbeddedMongoProperties(String path, int port) {
    public EmbeddedMongoProperties {
        path = path == null ? "./data/moniflux.mv" : path.strip();
    }

    boolean inMemory() {
        return path.isEmpty();
    }
}
