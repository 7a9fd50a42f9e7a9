package io.moniflux.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on 127.0.0.1 for tests: records what arrives and answers with a status (and
 * body) that a test can change, or hangs, to provoke timeouts.
 */
public final class HttpSink implements AutoCloseable {

    /** One request as received. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body,
            long atNanos) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body, gunzipped when it was sent with Content-Encoding: gzip. */
        public byte[] decoded() {
            if (!"gzip".equalsIgnoreCase(header("Content-Encoding"))) {
                return body;
            }
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** An answer: status, content type and body. */
    public record Answer(int status, String contentType, byte[] body) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Function<Received, Answer>> responder = new AtomicReference<>();
    private final AtomicLong count = new AtomicLong();
    private volatile boolean keep = true;

    public HttpSink() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            long now = System.nanoTime();
            count.incrementAndGet();
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body, now);
            if (keep) {
                received.add(request);
            }
            Duration wait = delay.get();
            if (!wait.isZero()) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Function<Received, Answer> custom = responder.get();
            if (custom != null) {
                Answer answer = custom.apply(request);
                if (answer.contentType() != null) {
                    exchange.getResponseHeaders().add("Content-Type", answer.contentType());
                }
                byte[] content = answer.body() == null ? new byte[0] : answer.body();
                exchange.sendResponseHeaders(answer.status(), content.length == 0 ? -1 : content.length);
                if (content.length > 0) {
                    exchange.getResponseBody().write(content);
                }
                return;
            }
            exchange.sendResponseHeaders(status.get(), -1);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public long count() {
        return count.get();
    }

    public HttpSink answering(int code) {
        status.set(code);
        return this;
    }

    /** Answers each request with what {@code answer} makes of it. */
    public HttpSink answering(Function<Received, Answer> answer) {
        responder.set(answer);
        return this;
    }

    public HttpSink delaying(Duration wait) {
        delay.set(wait);
        return this;
    }

    /** Counts requests without keeping their bodies (for long or fast tests). */
    public HttpSink countingOnly() {
        keep = false;
        return this;
    }

    public void clear() {
        received.clear();
        count.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
