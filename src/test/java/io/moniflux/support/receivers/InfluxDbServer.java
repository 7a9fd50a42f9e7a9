package io.moniflux.support.receivers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.moniflux.support.Api;
import tools.jackson.databind.JsonNode;

/** InfluxDB 1.x from Debian, HTTP API on 127.0.0.1 only. */
public final class InfluxDbServer extends ExternalReceiver {

    public InfluxDbServer() {
        super("influxdb");
        String binary = require("influxd", "apt-get install influxdb");
        int rpc = freePort();
        String config = """
                reporting-disabled = true
                bind-address = "127.0.0.1:%1$d"
                [meta]
                  dir = "%2$s/meta"
                [data]
                  dir = "%2$s/data"
                  wal-dir = "%2$s/wal"
                  query-log-enabled = false
                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%3$d"
                  log-enabled = false
                [monitor]
                  store-enabled = false
                [continuous_queries]
                  enabled = false
                """.formatted(rpc, dir, port);
        try {
            Files.writeString(dir.resolve("influxdb.conf"), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start(List.of(binary, "run", "-config", dir.resolve("influxdb.conf").toString()), Map.of());
        awaitReady(Duration.ofSeconds(60));
    }

    @Override
    protected boolean ready() {
        return status(url() + "/ping") == 204;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public void createDatabase(String name) {
        post("/query?q=" + URLEncoder.encode("CREATE DATABASE \"" + name + "\"", StandardCharsets.UTF_8));
    }

    /** Points stored in {@code database}: the count of the seq field every MoniFlux point has. */
    public long points(String database) {
        JsonNode result = Api.parse(get(url() + "/query?db=" + database + "&q="
                + URLEncoder.encode("SELECT count(\"seq\") FROM /.*/", StandardCharsets.UTF_8)));
        long total = 0;
        for (JsonNode statement : result.path("results")) {
            for (JsonNode series : statement.path("series")) {
                total += series.path("values").get(0).get(1).asLong();
            }
        }
        return total;
    }

    /** Runs an InfluxQL statement that changes the database (DROP SERIES, DELETE...). */
    public void execute(String database, String influxql) {
        post("/query?db=" + database + "&q=" + URLEncoder.encode(influxql, StandardCharsets.UTF_8));
    }

    /** Writes lines of the line protocol, as a pipeline that delivers some points twice would. */
    public void write(String database, String lines) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/write?db=" + database))
                    .POST(HttpRequest.BodyPublishers.ofString(lines)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new IllegalStateException("InfluxDB refused the write: " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void post(String path) {
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
