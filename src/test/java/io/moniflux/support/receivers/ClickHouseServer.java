package io.moniflux.support.receivers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian's clickhouse-server on 127.0.0.1: its HTTP interface only, a passwordless default user,
 * data in its own folder. Read back with SQL over that interface.
 */
public final class ClickHouseServer extends ExternalReceiver {

    public ClickHouseServer() {
        super("clickhouse");
        String binary = require("clickhouse-server", "apt-get install clickhouse-server");
        String config = """
                <?xml version="1.0"?>
                <yandex>
                    <logger><level>warning</level><console>1</console></logger>
                    <http_port>%1$d</http_port>
                    <tcp_port>%2$d</tcp_port>
                    <listen_host>127.0.0.1</listen_host>
                    <path>%3$s/data/</path>
                    <tmp_path>%3$s/tmp/</tmp_path>
                    <users_config>%3$s/users.xml</users_config>
                    <default_profile>default</default_profile>
                    <default_database>default</default_database>
                    <mark_cache_size>67108864</mark_cache_size>
                </yandex>
                """.formatted(port, freePort(), dir);
        String users = """
                <?xml version="1.0"?>
                <yandex>
                    <profiles><default></default></profiles>
                    <users>
                        <default>
                            <password></password>
                            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                            <profile>default</profile>
                            <quota>default</quota>
                        </default>
                    </users>
                    <quotas><default></default></quotas>
                </yandex>
                """;
        try {
            Files.writeString(dir.resolve("config.xml"), config);
            Files.writeString(dir.resolve("users.xml"), users);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start(List.of(binary, "--config-file=" + dir.resolve("config.xml")), Map.of());
        awaitReady(Duration.ofSeconds(60));
    }

    @Override
    protected boolean ready() {
        return status(url() + "/ping") == 200;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Runs a statement; its answer as text (TabSeparated). */
    public String sql(String statement) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/"))
                    .POST(HttpRequest.BodyPublishers.ofString(statement)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
