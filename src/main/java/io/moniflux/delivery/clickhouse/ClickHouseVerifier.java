package io.moniflux.delivery.clickhouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.SeqLedger;
import io.moniflux.delivery.Verifier;
import io.moniflux.delivery.http.QueryClient;
import io.moniflux.telemetry.Signal;

/**
 * Counts a run's rows with {@code SELECT count()} on its run marker attribute, and names the seqs it lacks or
 * holds twice, in the shape of the server's tables.
 */
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
        Asking asking = asking(query);
        String answer = asking.sql("SELECT count() FROM " + asking.table + " WHERE " + asking.marker + " = " + asking.run);
        try {
            return Long.parseLong(answer.strip());
        } catch (NumberFormatException e) {
            throw new VerificationException("ClickHouse did not answer a count: it answered " + QueryClient.describe(answer));
        }
    }

    /** Buckets of 1,000 events of a part, by the event's index in its part; the seqs of incomplete ones are asked for. */
    private static final int BUCKET = SeqLedger.BUCKET;
    /** Absent ranges reported: the first ones, found in at most this many incomplete buckets. */

    /**
     * Counts the held events by part and bucket of 1,000 (distinct seqs and rows), then asks only the
     * incomplete buckets for their seqs, until the first {@link SeqLedger#MAX_GAPS} gaps are found: two queries
     * and a few more, not one per event.
     */
    @Override
    public Optional<SeqFindings> sequences(Query query, SeqExpectation expected) throws VerificationException {
        Asking asking = asking(query);
        int workers = expected.workers();
        String index = "intDiv(" + asking.seq + ", " + workers + ")";
        String answer = asking.sql("SELECT " + asking.part + " AS p, intDiv(" + index + ", " + BUCKET + ") AS b, count(), uniqExact("
                + asking.seq + ") FROM " + asking.table + " WHERE " + asking.marker + " = " + asking.run + " GROUP BY p, b ORDER BY p, b");
        Map<Integer, Map<Long, SeqLedger.Held>> held = new TreeMap<>();
        for (String line : answer.split("\n")) {
            String[] cells = line.strip().split("\t");
            if (cells.length != 4) {
                continue;
            }
            try {
                held.computeIfAbsent(Integer.parseInt(cells[0]), p -> new TreeMap<>())
                        .put(Long.parseLong(cells[1]), new SeqLedger.Held(Long.parseLong(cells[2]), Long.parseLong(cells[3])));
            } catch (NumberFormatException e) {
                throw new VerificationException("ClickHouse did not answer counts by bucket: it answered " + QueryClient.describe(answer));
            }
        }
        return Optional.of(SeqLedger.findings(expected, held, (p, b) -> heldIndexes(asking, index, p, b)));
    }

    private static List<Long> heldIndexes(Asking asking, String index, int part, long bucket) throws VerificationException {
        String answer = asking.sql("SELECT DISTINCT " + index + " AS i FROM " + asking.table + " WHERE " + asking.marker + " = "
                + asking.run + " AND " + asking.part + " = " + part + " AND intDiv(" + index + ", " + BUCKET + ") = " + bucket
                + " ORDER BY i");
        List<Long> indexes = new ArrayList<>();
        for (String line : answer.split("\n")) {
            if (!line.isBlank()) {
                indexes.add(Long.parseLong(line.strip()));
            }
        }
        return indexes;
    }

    /** How to ask this server about one signal of a run: where, and its column expressions for the marker, part and seq. */
    private Asking asking(Query query) throws VerificationException {
        ClickHouseDestination destination = (ClickHouseDestination) query.destination();
        Endpoint base = QueryClient.base(query, ClickHouseDestination.DEFAULT_PORT);
        Map<String, String> headers = new LinkedHashMap<>();
        ClickHouseProtocol.credentials(destination).forEach(header -> headers.put(header.getName(), header.getValue()));
        Asking asking = new Asking(client, base, destination, headers, destination.table(query.signal().key()),
                "'" + query.runID().replace("\\", "\\\\").replace("'", "\\'") + "'",
                query.signal() == Signal.LOGS ? "LogAttributes" : "SpanAttributes");
        return asking.shaped(ClickHouseProtocol.modern(asking.sql("SELECT version()")));
    }

    /** One conversation with the server; its expressions read the attributes in the shape the server's tables have. */
    private static final class Asking {

        private final QueryClient client;
        private final Endpoint base;
        private final ClickHouseDestination destination;
        private final Map<String, String> headers;
        final String table;
        final String run;
        private final String column;
        String marker;
        String part;
        String seq;

        Asking(QueryClient client, Endpoint base, ClickHouseDestination destination, Map<String, String> headers, String table,
                String run, String column) {
            this.client = client;
            this.base = base;
            this.destination = destination;
            this.headers = headers;
            this.table = table;
            this.run = run;
            this.column = column;
        }

        Asking shaped(boolean modern) {
            marker = attribute("moniflux.run_id", modern);
            part = "toUInt32OrZero(" + attribute("moniflux.part", modern) + ")";
            seq = "toUInt64OrZero(" + attribute("moniflux.seq", modern) + ")";
            return this;
        }

        private String attribute(String key, boolean modern) {
            return modern ? column + "['" + key + "']" : column + ".value[indexOf(" + column + ".key, '" + key + "')]";
        }

        String sql(String statement) throws VerificationException {
            return client.postText(base, "/", destination, headers, "text/plain", statement);
        }
    }
}
