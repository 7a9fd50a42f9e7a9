package io.moniflux.config;

import java.nio.file.Path;

/**
 * Present when MoniFlux runs on its embedded database (no MongoDB configured): the developer setup.
 *
 * @param dataDirectory where the embedded database keeps its file; null when it is in memory
 */
public record EmbeddedDatabase(Path dataDirectory) {
}
