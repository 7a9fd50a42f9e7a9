package io.moniflux.config;

import java.util.Set;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * mongo-java-server's H2 backend with the two gaps that matter to MoniFlux closed:
 * it answers {@code hello} (the handshake and the health check of current drivers), and it commits
 * the store after every write command, because H2 otherwise flushes about once a second and an
 * acknowledged write could be lost on a crash.
 */
class DurableH2Backend extends H2Backend {

    private static final Set<String> WRITE_COMMANDS = Set.of(
            "insert", "update", "delete", "findandmodify", "createindexes", "drop", "dropdatabase",
            "dropindexes", "create", "renamecollection");

    DurableH2Backend(MVStore store) {
        super(store);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        if ("hello".equalsIgnoreCase(command)) {
            Document response = super.handleCommand(channel, database, "isMaster", query);
            response.put("isWritablePrimary", Boolean.TRUE);
            return response;
        }
        Document response = super.handleCommand(channel, database, command, query);
        if (!isInMemory() && WRITE_COMMANDS.contains(command.toLowerCase())) {
            commit();
        }
        return response;
    }
}
