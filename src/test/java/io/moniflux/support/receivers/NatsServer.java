package io.moniflux.support.receivers;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Debian's nats-server on 127.0.0.1, JetStream enabled, storing in its own folder. */
public final class NatsServer extends ExternalReceiver {

    public NatsServer() {
        super("nats");
        String binary = require("nats-server", "apt-get install nats-server");
        start(List.of(binary, "-a", "127.0.0.1", "-p", Integer.toString(port), "-js", "-sd", dir.resolve("jetstream").toString()),
                Map.of());
        awaitReady(Duration.ofSeconds(20));
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }
}
