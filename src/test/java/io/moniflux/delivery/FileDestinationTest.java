package io.moniflux.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.Scenario;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** NDJSON files under the configured base folder, rotated by size, and nothing written outside it. */
@FullStackTest(properties = "moniflux.delivery.file-base-dir=target/file-destination-test")
class FileDestinationTest {

    static final Path BASE = Path.of("target/file-destination-test");

    @LocalServerPort
    int port;

    @Test
    void writesOneJsonEventPerLineAndRotatesBySize() throws IOException {
        Scenario scenario = Scenario.to("file", Map.of("type", "file", "endpoint", "nightly/run",
                "rotation", Map.of("maxBytes", 4096, "retain", 100))).with("logRate", 50).with("traceRate", 10).with("batchSize", 10);
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(20));

        Path folder = BASE.resolve("nightly/run");
        List<Path> logFiles;
        try (Stream<Path> files = Files.list(folder)) {
            logFiles = files.filter(p -> p.getFileName().toString().startsWith(scenario.runID() + "-0-logs.ndjson")).toList();
        }
        assertThat(logFiles.size()).as("rotated into several files").isGreaterThan(2);
        JsonMapper json = JsonMapper.builder().build();
        long lines = 0;
        for (Path file : logFiles) {
            assertThat(Files.size(file)).isLessThanOrEqualTo(4096);
            for (String line : Files.readAllLines(file)) {
                JsonNode event = json.readTree(line);
                assertThat(event.path("message").asString()).hasSize(64);
                assertThat(event.path("runID").asString()).isEqualTo(scenario.runID());
                lines++;
            }
        }
        assertThat(lines).isEqualTo(100).isEqualTo(Scenario.sent(done, "logs"));
        try (Stream<Path> files = Files.list(folder)) {
            long spans = files.filter(p -> p.getFileName().toString().startsWith(scenario.runID() + "-0-traces.ndjson"))
                    .mapToLong(p -> {
                        try {
                            return Files.readAllLines(p).size();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).sum();
            assertThat(spans).isEqualTo(20).isEqualTo(Scenario.sent(done, "traces"));
        }
    }

    @Test
    void keepsOnlyTheRetainedNumberOfRotatedFiles() throws IOException {
        Scenario scenario = Scenario.to("file-retain", Map.of("type", "file", "endpoint", "retained",
                "rotation", Map.of("maxBytes", 2048, "retain", 2))).with("logRate", 50).with("batchSize", 5);
        scenario.run(new Api(port), Duration.ofSeconds(20));

        try (Stream<Path> files = Files.list(BASE.resolve("retained"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(scenario.runID())).sorted().toList())
                    .containsExactly(scenario.runID() + "-0-logs.ndjson", scenario.runID() + "-0-logs.ndjson.1",
                            scenario.runID() + "-0-logs.ndjson.2");
        }
    }

    @Test
    void refusesFoldersOutsideTheBaseFolder() {
        Api api = new Api(port);
        for (String endpoint : List.of("../escape", "/etc", "a/../../b", "a//b", "./x", "a/.hidden/..", "%2e%2e/x", "C:\\temp")) {
            Api.Response response = api.post("/create-test", Scenario.to("file-bad", Map.of("type", "file", "endpoint", endpoint))
                    .with("logRate", 1).definition());
            assertThat(response.status()).as(endpoint).isEqualTo(400);
            assertThat(response.json().path("errors").findValuesAsString("field")).contains("destination.endpoint");
        }
        assertThat(Files.exists(Path.of("target/escape"))).isFalse();
    }
}
