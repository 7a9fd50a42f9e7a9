package io.moniflux.delivery.clickhouse;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.HttpOptions;
import io.moniflux.delivery.Secret;
import io.moniflux.delivery.Tls;

/**
 * A ClickHouse server's HTTP interface. The apiKey is the password of {@code user}
 * ({@code X-ClickHouse-User}, {@code X-ClickHouse-Key}).
 *
 * @param database     the database of the tables (default {@code default})
 * @param logsTable    the table of log records (default {@code otel_logs}, the Collector exporter's)
 * @param tracesTable  the table of spans (default {@code otel_traces})
 * @param createTables create the tables when they do not exist, before the first insert (default false:
 *                     tables the Collector's exporter made, or the user did, are written as they are)
 * @param user         the ClickHouse user (default {@code default})
 */
@JsonTypeName(ClickHouseDestination.TYPE)
public record ClickHouseDestination(String name, String type, String endpoint, Integer port, Secret apiKey,
        Map<String, Secret> headers, String compression, Tls tls, String database, String logsTable, String tracesTable,
        Boolean createTables, String user) implements Destination, HttpOptions {

    public static final String TYPE = "clickhouse";
    static final int DEFAULT_PORT = 8123;

    public ClickHouseDestination {
        type = TYPE;
    }

    String databaseOrDefault() {
        return database == null ? "default" : database;
    }

    /** The table of a signal, qualified by its database. */
    String table(String signal) {
        String table = signal.equals("logs") ? (logsTable == null ? "otel_logs" : logsTable)
                : tracesTable == null ? "otel_traces" : tracesTable;
        return "`" + databaseOrDefault() + "`.`" + table + "`";
    }

    boolean creates() {
        return Boolean.TRUE.equals(createTables);
    }
}
