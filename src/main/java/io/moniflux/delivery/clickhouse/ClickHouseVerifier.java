package io.moniflux.delivery.clickhouse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.Verifier;
import io.moniflux.delivery.http.QueryClient;
import io.moniflux.telemetry.Signal;

/** Counts a run's rows with {@code SELECT count()} on its run marker attribute, in the shape of the server's tables. */
@Component
class ClickHouseVerifier implements Verifier {

    private final QueryClient client;

    ClickHouseVerifier(QueryClient client) {
        this.client = client;
    }

    @Override
    public String type() {
        return ClickHouseDestination.TYPE;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS, Signal.TRACES);
    }

    @Override
    public String describe(Query query) {
        return "ClickHouse HTTP interface at " + QueryClient.base(query, ClickHouseDestination.DEFAULT_PORT).resolve("");
    }

    @Override
    public long count(Query query) throws VerificationException {
        ClickHouseDestination destination = (ClickHouseDestination) query.destination();
        Endpoint base = QueryClient.base(query, ClickHouseDestination.DEFAULT_PORT);
        Map<String, String> headers = new LinkedHashMap<>();
        ClickHouseProtocol.credentials(destination).forEach(header -> headers.put(header.getName(), header.getValue()));
        String version = client.postText(base, "/", destination, headers, "text/plain", "SELECT version()");
        String column = query.signal() == Signal.LOGS ? "LogAttributes" : "SpanAttributes";
        String run = "'" + query.runID().replace("\\", "\\\\").replace("'", "\\'") + "'";
        String marker = ClickHouseProtocol.modern(version) ? column + "['moniflux.run_id']"
                : column + ".value[indexOf(" + column + ".key, 'moniflux.run_id')]";
        String answer = client.postText(base, "/", destination, headers, "text/plain",
                "SELECT count() FROM " + destination.table(query.signal().key()) + " WHERE " + marker + " = " + run);
        try {
            return Long.parseLong(answer.strip());
        } catch (NumberFormatException e) {
            throw new VerificationException("ClickHouse did not answer a count: it answered " + QueryClient.describe(answer));
        }
    }
}
