package io.moniflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.moniflux.support.Api;

/**
 * The jar that {@code ./mvnw package} builds starts with {@code java -jar} and the environment of
 * .env.example (pointed at the embedded database) and answers on its health endpoints.
 */
class PackagedJarIT {

    @TempDir
    Path data;

    @Test
    void startsWithTheExampleEnvironmentAndIsHealthy() throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(f -> f.getFileName().toString().matches("moniflux-.*\\.jar")).findFirst().orElseThrow();
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> environment = new HashMap<>(DeploymentFilesTest.envExample(false));
        environment.put("PORT", Integer.toString(port));
        environment.put("MONIFLUX_EMBEDDED_MONGO_PATH", data.resolve("moniflux.mv").toString());
        environment.put("MONIFLUX_DELIVERY_FILE_BASE_DIR", data.resolve("out").toString());
        environment.put("MONIFLUX_ADMIN_TOKEN", Api.ADMIN_TOKEN);

        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString())).redirectErrorStream(true).redirectOutput(data.resolve("out.log").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            Api api = new Api(port);
            Api.Response health = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    health = api.get("/actuator/health");
                    if (health.status() == 200) {
                        break;
                    }
                } catch (UncheckedIOException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            assertThat(health).as(Files.readString(data.resolve("out.log"))).isNotNull();
            assertThat(health.json().path("status").asString()).isEqualTo("UP");
            assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
            assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
            assertThat(api.get("/tests").status()).isEqualTo(200);
        } finally {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
