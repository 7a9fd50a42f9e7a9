package io.moniflux.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.moniflux.MonifluxApplication;
import io.moniflux.support.Api;

/** With no MongoDB configured, the data lives in a file and survives a restart of the service. */
@Tag("full-stack")
class EmbeddedDatabaseRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void keepsTestsAndRunsAcrossARestart() {
        Path file = dataDir.resolve("nested/moniflux.mv");
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("testID", "survivor");
        definition.put("logRate", 1);
        definition.put("duration", 60);
        definition.put("destination", Map.of("endpoint", "http://127.0.0.1:9", "apiKey", "k"));

        try (ConfigurableApplicationContext first = start(file)) {
            Api api = new Api(port(first));
            assertThat(api.post("/create-test", definition).status()).isEqualTo(201);
            assertThat(api.post("/schedule-test", Map.of("testID", "survivor", "cron", "0 0 4 * * *")).status()).isEqualTo(200);
        }
        assertThat(Files.exists(file)).isTrue();

        try (ConfigurableApplicationContext second = start(file)) {
            Api api = new Api(port(second));
            Api.Response test = api.get("/tests/survivor");
            assertThat(test.status()).isEqualTo(200);
            assertThat(test.json().path("status").asString()).isEqualTo("Scheduled");
            assertThat(test.json().path("cron").asString()).isEqualTo("0 0 4 * * *");
            assertThat(test.json().path("logRate").asDouble()).isEqualTo(1.0);
            assertThat(api.get("/actuator/health/readiness").json().path("status").asString()).isEqualTo("UP");
        }
    }

    private static ConfigurableApplicationContext start(Path file) {
        return new SpringApplicationBuilder(MonifluxApplication.class)
                .run("--server.port=0", "--moniflux.embedded-mongo.path=" + file);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
