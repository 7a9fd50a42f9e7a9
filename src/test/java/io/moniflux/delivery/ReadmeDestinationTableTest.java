package io.moniflux.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import tools.jackson.databind.JsonNode;

/** The README's table of destination types says what GET /destination-types says, type for type. */
@FullStackTest
class ReadmeDestinationTableTest {

    @LocalServerPort
    int port;

    @Test
    void everyTypeIsInTheReadmeWithItsSignalsOptionsPortAndBatch() throws IOException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (line.startsWith("| `") && line.split("\\|").length >= 6) {
                String[] cells = Arrays.stream(line.split("\\|")).map(String::strip).toArray(String[]::new);
                String type = cells[1].replaceAll("`([^`]+)`.*", "$1");
                if (rows.containsKey(type) || !cells[5].contains("/")) {
                    continue; // another table of the README
                }
                rows.put(type, cells);
            }
        }
        JsonNode types = new Api(port).get("/destination-types").json();
        List<String> served = types.findValuesAsString("type");
        assertThat(rows.keySet()).as("the README's destination types").containsExactlyInAnyOrderElementsOf(served);
        for (JsonNode type : types) {
            String[] row = rows.get(type.path("type").asString());
            String name = type.path("type").asString();
            assertThat(set(row[2])).as(name + " signals").isEqualTo(new TreeSet<>(type.path("signals").valueStream()
                    .map(JsonNode::asString).toList()));
            assertThat(set(row[4])).as(name + " options").isEqualTo(new TreeSet<>(type.path("options").valueStream()
                    .map(JsonNode::asString).toList()));
            String[] portAndBatch = row[5].split("/");
            String port = portAndBatch[0].replaceAll("[^0-9]", "");
            assertThat(port.isEmpty() ? null : Integer.valueOf(port)).as(name + " default port")
                    .isEqualTo(type.path("defaultPort").isMissingNode() || type.path("defaultPort").isNull() ? null
                            : type.path("defaultPort").asInt());
            assertThat(Integer.parseInt(portAndBatch[1].strip())).as(name + " default batch").isEqualTo(type.path("defaultBatchSize").asInt());
        }
    }

    private static TreeSet<String> set(String cell) {
        TreeSet<String> values = new TreeSet<>();
        for (String value : cell.split(",")) {
            if (!value.isBlank() && !value.strip().equals("—")) {
                values.add(value.strip());
            }
        }
        return values;
    }
}
