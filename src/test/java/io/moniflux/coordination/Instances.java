package io.moniflux.coordination;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.moniflux.MonifluxApplication;
import io.moniflux.support.Api;

/** MoniFlux replicas for cluster tests, all on one database: in this JVM, or as a process that can be killed. */
final class Instances {

    /** Settings that make failover fast enough for a test: short leases, frequent renewals. */
    static final List<String> FAST = List.of("--moniflux.coordination.lease=3s", "--moniflux.coordination.renew-interval=500ms",
            "--moniflux.coordination.poll-interval=250ms", "--moniflux.coordination.reconcile-interval=500ms", "--moniflux.coordination.follow-up-interval=500ms",
            "--moniflux.engine.stop-grace=300ms", "--moniflux.security.destinations.allow-loopback=true");

    private Instances() {
    }

    static ConfigurableApplicationContext start(String mongoUri, String replica, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.mongodb.uri=" + mongoUri,
                "--moniflux.coordination.replica-id=" + replica));
        args.addAll(FAST);
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(MonifluxApplication.class).run(args.toArray(String[]::new));
    }

    static Api api(ConfigurableApplicationContext context) {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /** A replica in a process of its own, which {@link Process#destroyForcibly()} kills like a crash. */
    record Child(Process process, int port) {

        Api api() {
            return new Api(port);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static Child startProcess(String mongoUri, String replica, Path log) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), MonifluxApplication.class.getName(),
                "--server.port=" + port, "--spring.mongodb.uri=" + mongoUri, "--moniflux.coordination.replica-id=" + replica));
        command.addAll(FAST);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Api api = new Api(port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("replica " + replica + " exited; see " + log);
                }
                try {
                    if (api.get("/actuator/health").status() == 200) {
                        return new Child(process, port);
                    }
                } catch (UncheckedIOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            process.destroyForcibly();
            throw new IllegalStateException("replica " + replica + " did not start within 60 s; see " + log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
