package io.moniflux.delivery.clickhouse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.springframework.stereotype.Component;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Protocol;
import io.moniflux.delivery.http.Failures;
import io.moniflux.delivery.http.HttpChannel;
import io.moniflux.delivery.http.HttpDestinations;
import io.moniflux.delivery.http.HttpReply;
import io.moniflux.delivery.http.HttpTransport;
import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.Signal;

/**
 * ClickHouse's HTTP interface: each batch one {@code INSERT INTO table FORMAT JSONEachRow} of rows in
 * the shape of the Collector exporter's tables. Before its first insert a channel asks the server's
 * version (the shape of the rows depends on it) and, when asked to, creates its table. A 200 means
 * ClickHouse wrote every row of the insert.
 */
@Component
class ClickHouseProtocol implements Protocol<ClickHouseDestination> {

    static final String TABLE_NAME = "[A-Za-z_][A-Za-z0-9_]{0,127}";

    private final AddressPolicy policy;

    ClickHouseProtocol(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return ClickHouseDestination.TYPE;
    }

    @Override
    public Class<ClickHouseDestination> destinationType() {
        return ClickHouseDestination.class;
    }

    @Override
    public int defaultPort() {
        return ClickHouseDestination.DEFAULT_PORT;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS, Signal.TRACES);
    }

    @Override
    public int defaultBatchSize() {
        return 500;
    }

    @Override
    public List<DestinationProblem> check(ClickHouseDestination destination) {
        List<DestinationProblem> problems = new ArrayList<>(HttpDestinations.check(destination, defaultPort()));
        for (String[] name : new String[][] {{"database", destination.database()}, {"logsTable", destination.logsTable()},
                {"tracesTable", destination.tracesTable()}}) {
            if (name[1] != null && !name[1].matches(TABLE_NAME)) {
                problems.add(new DestinationProblem("destination." + name[0], name[0]
                        + " must be a plain identifier: letters, digits and _, not starting with a digit"));
            }
        }
        if (destination.user() != null && !destination.user().matches("[A-Za-z0-9_.@-]{1,64}")) {
            problems.add(new DestinationProblem("destination.user", "user must be 1 to 64 letters, digits, _ . @ or -"));
        }
        return problems;
    }

    static List<Header> credentials(ClickHouseDestination destination) {
        List<Header> headers = new ArrayList<>();
        if (destination.user() != null || destination.apiKeyValue() != null) {
            headers.add(HttpTransport.header("X-ClickHouse-User", destination.user() == null ? "default" : destination.user()));
        }
        if (destination.apiKeyValue() != null) {
            headers.add(HttpTransport.header("X-ClickHouse-Key", destination.apiKeyValue()));
        }
        return headers;
    }

    static String query(String sql) {
        return "/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8);
    }

    /** Whether a server of {@code version} (18.16.1, 24.8.4.13) has the Map and DateTime64 types the exporter's tables use. */
    static boolean modern(String version) {
        try {
            return Integer.parseInt(version.strip().split("\\.")[0]) >= 21;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    @Override
    public Channel open(ClickHouseDestination destination, Signal signal, ChannelSettings settings) {
        HttpTransport transport = HttpTransport.open(endpoint(destination), destination, policy, settings);
        String table = destination.table(signal.key());
        List<Header> credentials = credentials(destination);
        Header[] plain = credentials.toArray(Header[]::new);
        String insert = query("INSERT INTO " + table + " FORMAT JSONEachRow") + "&input_format_skip_unknown_fields=1";
        return new HttpChannel(transport, insert, ContentType.APPLICATION_JSON, destination, credentials) {

            private Boolean modern;

            @Override
            public DeliveryResult send(Batch<?> batch) {
                String failure = prepare();
                return failure == null ? super.send(batch) : DeliveryResult.failed(batch.size(), 0, failure, 0);
            }

            /** Learns the server's version and creates the table when asked, once; the reason it could not, or null. */
            private synchronized String prepare() {
                if (modern != null) {
                    return null;
                }
                try {
                    HttpReply version = transport.get(query("SELECT version()"), plain);
                    if (!version.success()) {
                        return "http-" + version.status();
                    }
                    boolean recent = modern(new String(version.body(), StandardCharsets.UTF_8));
                    if (destination.creates()) {
                        byte[] ddl = ClickHouseRows.createTable(signal.key(), table, recent).getBytes(StandardCharsets.UTF_8);
                        HttpReply created = transport.post("/", ContentType.TEXT_PLAIN, plain, ddl, ddl.length, false);
                        if (!created.success()) {
                            return "http-" + created.status();
                        }
                    }
                    modern = recent;
                    return null;
                } catch (IOException e) {
                    return transport.isClosed() ? "aborted" : Failures.classify(e);
                }
            }

            @Override
            protected ByteSink encode(Batch<?> batch, int estimatedBytes) {
                return ClickHouseRows.rows(batch, modern, estimatedBytes);
            }
        };
    }
}
