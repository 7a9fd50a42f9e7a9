package io.moniflux.support.receivers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Etsy's statsd daemon (the npm package {@code statsd}, run by Debian's nodejs) on 127.0.0.1, UDP and
 * TCP on their own ports, flushing every 200 ms to a backend that writes each flush's metrics as one
 * JSON line: statsd's own aggregation, read through its backend interface.
 */
public final class StatsdServer extends ExternalReceiver {

    /** Where .ci/run installs the package: {@code npm install --prefix ~/.cache/moniflux-receivers statsd@0.9.0}. */
    public static final Path HOME = Path.of(System.getProperty("user.home"), ".cache", "moniflux-receivers", "node_modules", "statsd");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int tcpPort;
    private final Path flushes;

    public StatsdServer() {
        super("statsd");
        String node = require("node", "apt-get install nodejs");
        if (!Files.exists(HOME.resolve("stats.js"))) {
            throw new IllegalStateException("statsd is not installed in " + HOME
                    + ": npm install --prefix ~/.cache/moniflux-receivers statsd@0.9.0 (.ci/run does)");
        }
        tcpPort = freePort();
        flushes = dir.resolve("flushes.jsonl");
        String backend = """
                const fs = require('fs');
                exports.init = function (startup, config, events) {
                  events.on('flush', function (timestamp, metrics) {
                    const sets = {};
                    Object.keys(metrics.sets).forEach(function (key) { sets[key] = metrics.sets[key].values(); });
                    fs.appendFileSync(config.flushFile, JSON.stringify({timestamp: timestamp, counters: metrics.counters,
                      gauges: metrics.gauges, timers: metrics.timers, sets: sets}) + '\\n');
                  });
                  return true;
                };
                """;
        String config = """
                { servers: [{server: './servers/udp', address: '127.0.0.1', port: %d},
                            {server: './servers/tcp', address: '127.0.0.1', port: %d}],
                  mgmt_address: '127.0.0.1', mgmt_port: %d, flushInterval: 200, deleteIdleStats: true,
                  backends: ['%s'], flushFile: '%s' }
                """.formatted(port, tcpPort, freePort(), dir.resolve("json-backend.js"), flushes);
        try {
            Files.writeString(dir.resolve("json-backend.js"), backend);
            Files.writeString(dir.resolve("config.js"), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start(List.of(node, HOME.resolve("stats.js").toString(), dir.resolve("config.js").toString()), Map.of());
        awaitReady(Duration.ofSeconds(20));
    }

    /** Ready once it has flushed once: its servers listen by then. */
    @Override
    protected boolean ready() {
        return Files.exists(flushes);
    }

    public int tcpPort() {
        return tcpPort;
    }

    /** Every flush so far, oldest first. */
    public List<JsonNode> flushes() {
        try {
            List<JsonNode> all = new ArrayList<>();
            for (String line : Files.readAllLines(flushes)) {
                all.add(JSON.readTree(line));
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
