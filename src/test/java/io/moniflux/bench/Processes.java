package io.moniflux.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.moniflux.support.Api;

/** The processes a benchmark run starts on 127.0.0.1: an nginx sink, wrk, and MoniFlux itself. */
final class Processes {

    private Processes() {
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** nginx answering 204 to everything on 127.0.0.1, with one worker: the same sink for everyone. */
    static Process nginx(Path dir, int port) throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes 1;
                error_log %1$s/logs/error.log warn;
                pid %1$s/nginx.pid;
                daemon off;
                events { worker_connections 8192; }
                http {
                  access_log off;
                  keepalive_requests 10000000;
                  client_max_body_size 64m;
                  client_body_buffer_size 4m;
                  server {
                    listen 127.0.0.1:%2$d;
                    location / { return 204; }
                  }
                }
                """.formatted(dir.toAbsolutePath(), port));
        Process process = new ProcessBuilder("nginx", "-c", dir.resolve("nginx.conf").toAbsolutePath().toString(),
                "-p", dir.toAbsolutePath().toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile()).start();
        awaitPort(port, process, "nginx");
        return process;
    }

    /** wrk's requests per second posting {@code body} to {@code url} over {@code connections} connections. */
    static double wrk(Path dir, String url, String body, int threads, int connections, int seconds) throws Exception {
        Path script = dir.resolve("post.lua");
        Files.writeString(script, "wrk.method = \"POST\"\nwrk.body = [[" + body + "]]\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        Process wrk = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "-s",
                script.toString(), url).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor(seconds + 30L, TimeUnit.SECONDS);
        Matcher matcher = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("wrk printed no Requests/sec:\n" + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    /** MoniFlux from the jar that {@code ./mvnw package} built, on the embedded database in memory. */
    static Process moniflux(Path jar, int port, Path log, String heap) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseG1GC"));
        // e.g. -Dbench.jvmArgs=-XX:StartFlightRecording=filename=many.jfr,settings=profile to profile a row
        String extra = System.getProperty("bench.jvmArgs", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        // the embedded database in a file, as `java -jar` keeps it by default (a fresh one per start)
        Path database = log.resolveSibling(log.getFileName().toString().replace(".log", ".mv"));
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--moniflux.embedded-mongo.path=" + database,
                "--logging.level.io.moniflux=warn",
                "--moniflux.limits.max-rate=20000000",
                "--moniflux.limits.max-user-rate=100000000", "--moniflux.limits.max-total-rate=100000000",
                "--moniflux.limits.max-user-tests=1000", "--moniflux.security.admin-token=" + Api.ADMIN_TOKEN));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitPort(port, process, "MoniFlux");
        return process;
    }

    static void awaitListening(int port, Process process, String name) {
        awaitPort(port, process, name);
    }

    private static void awaitPort(int port, Process process, String name) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue());
            }
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException(name + " did not listen on port " + port + " within 60 s");
    }

    static void stop(Process process) {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
