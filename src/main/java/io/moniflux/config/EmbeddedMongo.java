package io.moniflux.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoServer;

/** Starts the MongoDB-wire-compatible server MoniFlux embeds, on 127.0.0.1. */
public final class EmbeddedMongo {

    private EmbeddedMongo() {
    }

    /**
     * @param path H2 store file; null or blank keeps the data in memory
     * @param port port to listen on, 0 for a free one
     */
    public static MongoServer start(String path, int port) {
        boolean inMemory = path == null || path.isBlank();
        MVStore store = inMemory ? MVStore.open(null) : MVStore.open(prepare(path));
        MongoServer server = new MongoServer(new DurableH2Backend(store));
        server.bind("127.0.0.1", port);
        return server;
    }

    private static String prepare(String path) {
        try {
            Path parent = Path.of(path).toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder of the embedded database file " + path, e);
        }
    }
}
