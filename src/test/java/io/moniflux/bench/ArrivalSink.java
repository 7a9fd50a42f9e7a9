package io.moniflux.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP sink on 127.0.0.1 that notes, per test, when its first and its last event arrived (wall
 * clock, as the schedule is): what "scheduled start to first event" and "cancel to last event" need.
 * It reads the Go service's JSON (batch 1), where each body names its testID.
 */
final class ArrivalSink implements AutoCloseable {

    private static final Pattern TEST_ID = Pattern.compile("\"testID\":\"([^\"]+)\"");

    record Arrivals(long firstMicros, long lastMicros, long count) {
    }

    private final HttpServer server;
    private final Map<String, Arrivals> arrivals = new ConcurrentHashMap<>();

    ArrivalSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            long now = Micros.now();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher matcher = TEST_ID.matcher(body);
            if (matcher.find()) {
                arrivals.merge(matcher.group(1), new Arrivals(now, now, 1), (a, b) -> new Arrivals(Math.min(a.firstMicros(),
                        b.firstMicros()), Math.max(a.lastMicros(), b.lastMicros()), a.count() + b.count()));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Arrivals of(String testID) {
        return arrivals.get(testID);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Wall-clock microseconds. */
    static final class Micros {
        private Micros() {
        }

        static long now() {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
        }
    }
}
