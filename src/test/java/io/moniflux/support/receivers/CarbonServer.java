package io.moniflux.support.receivers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian's graphite-carbon: a carbon-cache on 127.0.0.1 keeping every series at one-second steps
 * in whisper files in its own folder, reporting its own metrics every second. Read back with
 * whisper's own {@code whisper-fetch}.
 */
public final class CarbonServer extends ExternalReceiver {

    private final Path whisper;

    public CarbonServer(boolean tags) {
        super("carbon");
        String binary = require("carbon-cache", "apt-get install graphite-carbon");
        whisper = dir.resolve("storage/whisper");
        String config = """
                [cache]
                STORAGE_DIR = %1$s/storage/
                LOCAL_DATA_DIR = %1$s/storage/whisper/
                WHITELISTS_DIR = %1$s/lists/
                CONF_DIR = %1$s/
                LOG_DIR = %1$s/log/
                PID_DIR = %1$s/
                ENABLE_LOGROTATION = False
                USER =
                MAX_CACHE_SIZE = inf
                MAX_UPDATES_PER_SECOND = inf
                MAX_CREATES_PER_MINUTE = inf
                LINE_RECEIVER_INTERFACE = 127.0.0.1
                LINE_RECEIVER_PORT = %2$d
                ENABLE_UDP_LISTENER = False
                PICKLE_RECEIVER_INTERFACE = 127.0.0.1
                PICKLE_RECEIVER_PORT = %3$d
                CACHE_QUERY_INTERFACE = 127.0.0.1
                CACHE_QUERY_PORT = %4$d
                LOG_LISTENER_CONN_SUCCESS = False
                LOG_UPDATES = False
                LOG_CREATES = False
                CARBON_METRIC_INTERVAL = 1
                ENABLE_TAGS = %5$s
                GRAPHITE_URL = http://127.0.0.1:1
                """.formatted(dir, port, freePort(), freePort(), tags ? "True" : "False");
        try {
            Files.writeString(dir.resolve("carbon.conf"), config);
            Files.writeString(dir.resolve("storage-schemas.conf"), "[everything]\npattern = .*\nretentions = 1s:1h\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start(List.of(binary, "--config=" + dir.resolve("carbon.conf"), "--debug", "start"), Map.of());
        awaitReady(Duration.ofSeconds(30));
    }

    /** The datapoints a whisper file holds (its seconds with a value), as whisper-fetch prints them. */
    public List<Double> values(Path file) {
        String fetch = require("whisper-fetch", "apt-get install python3-whisper");
        try {
            Process process = new ProcessBuilder(fetch, "--from=" + (System.currentTimeMillis() / 1000 - 3000), file.toString())
                    .redirectErrorStream(true).start();
            List<Double> values = new ArrayList<>();
            for (String line : new String(process.getInputStream().readAllBytes()).split("\n")) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length == 2 && !fields[1].equals("None")) {
                    values.add(Double.parseDouble(fields[1]));
                }
            }
            process.waitFor();
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every whisper file whose path contains {@code text}. */
    public List<Path> files(String text) {
        if (!Files.exists(whisper)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(whisper)) {
            return files.filter(file -> file.toString().endsWith(".wsp") && file.toString().contains(text)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What carbon says it received: the sum of its own metricsReceived, second by second. */
    public double metricsReceived() {
        return files("carbon/agents/").stream().filter(file -> file.getFileName().toString().equals("metricsReceived.wsp"))
                .flatMap(file -> values(file).stream()).mapToDouble(Double::doubleValue).sum();
    }
}
