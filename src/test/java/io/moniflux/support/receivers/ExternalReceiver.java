package io.moniflux.support.receivers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real receiver (Prometheus, syslog-ng, InfluxDB, Zipkin...) run as a process on 127.0.0.1 for the
 * length of a test class. Debian's servers do not start themselves here: this starts one on a free
 * port in a folder of its own, and stops it. A receiver that cannot start fails the test with the
 * reason; it never lets a test pass silently.
 */
public abstract class ExternalReceiver implements AutoCloseable {

    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    protected final Path dir;
    protected final int port;
    private Process process;

    protected ExternalReceiver(String name) {
        try {
            this.dir = Files.createTempDirectory("moniflux-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = freePort();
    }

    /** Fails with the reason when {@code command} is not installed. */
    protected static String require(String command, String installHint) {
        for (String folder : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin", "/sbin")) {
            if (Files.isExecutable(Path.of(folder, command))) {
                return Path.of(folder, command).toString();
            }
        }
        throw new IllegalStateException(command + " is not installed, so this receiver cannot start: " + installHint
                + " (.ci/run installs it)");
    }

    protected void start(List<String> command, Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("output.log").toFile());
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command.getFirst() + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the receiver answers {@code ready()}; fails with its output when it does not. */
    protected void awaitReady(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(getClass().getSimpleName() + " exited with " + process.exitValue() + ":\n" + output());
            }
            if (ready()) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException(getClass().getSimpleName() + " was not ready within " + atMost + ":\n" + output());
    }

    /** Whether the receiver accepts data now; by default, whether its port accepts connections. */
    protected boolean ready() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String output() {
        try {
            String text = Files.readString(dir.resolve("output.log"));
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no output)";
        }
    }

    public int port() {
        return port;
    }

    protected static String get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    protected static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
