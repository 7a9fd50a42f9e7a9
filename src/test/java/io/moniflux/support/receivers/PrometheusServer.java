package io.moniflux.support.receivers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.moniflux.support.Api;
import tools.jackson.databind.JsonNode;

/** Prometheus from Debian with its remote-write receiver on. */
public final class PrometheusServer extends ExternalReceiver {

    public PrometheusServer() {
        super("prometheus");
        String binary = require("prometheus", "apt-get install prometheus");
        try {
            Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1h\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start(List.of(binary, "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-remote-write-receiver", "--log.level=warn"), Map.of());
        awaitReady(Duration.ofSeconds(60));
    }

    @Override
    protected boolean ready() {
        return status(url() + "/-/ready") == 200;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The single value of an instant query, 0 when it returns nothing. */
    public double query(String promql) {
        JsonNode result = Api.parse(get(url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        JsonNode values = result.path("data").path("result");
        if (!"success".equals(result.path("status").asString())) {
            throw new IllegalStateException("query failed: " + result);
        }
        return values.isEmpty() ? 0 : Double.parseDouble(values.get(0).path("value").get(1).asString());
    }

    /** Samples Prometheus appended to its head block so far. */
    public double samplesAppended() {
        for (String line : get(url() + "/metrics").split("\n")) {
            if (line.startsWith("prometheus_tsdb_head_samples_appended_total") && line.contains("type=\"float\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
