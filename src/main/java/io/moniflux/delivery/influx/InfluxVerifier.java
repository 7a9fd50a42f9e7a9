package io.moniflux.delivery.influx;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.SeqLedger;
import io.moniflux.delivery.Verifier;
import io.moniflux.delivery.http.QueryClient;
import io.moniflux.delivery.prometheus.PrometheusQueries;
import io.moniflux.telemetry.Signal;
import tools.jackson.databind.JsonNode;

/**
 * Metric points counted by their {@code seq} field, which every line carries once: InfluxQL on
 * InfluxDB 1.x, Flux on 2.x, or the Prometheus API on VictoriaMetrics (verify.api: prometheus),
 * which names the field's series {@code <measurement>_seq}.
 */
@Component
class InfluxVerifier implements Verifier {

    private final QueryClient client;

    InfluxVerifier(QueryClient client) {
        this.client = client;
    }

    @Override
    public String type() {
        return InfluxDestination.TYPE;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS);
    }

    @Override
    public String describe(Query query) {
        String api = "prometheus".equals(query.api()) ? "Prometheus query API"
                : ((InfluxDestination) query.destination()).bucket() != null ? "InfluxDB Flux API" : "InfluxDB query API";
        return api + " at " + QueryClient.base(query, InfluxDestination.DEFAULT_PORT).resolve("");
    }

    @Override
    public long count(Query query) throws VerificationException {
        InfluxDestination destination = (InfluxDestination) query.destination();
        Endpoint base = QueryClient.base(query, InfluxDestination.DEFAULT_PORT);
        Map<String, String> headers = new LinkedHashMap<>();
        if (destination.apiKeyValue() != null) {
            headers.put("Authorization", "Token " + destination.apiKeyValue());
        }
        String run = query.runID();
        if ("prometheus".equals(query.api())) {
            return PrometheusQueries.countSamples(client, base, destination, headers,
                    "__name__=~\".+_seq\",moniflux_run=" + PrometheusQueries.label(run), query.from());
        }
        if (destination.bucket() != null) {
            long start = query.from().minusSeconds(60).getEpochSecond();
            String flux = "from(bucket: " + PrometheusQueries.label(destination.bucket()) + ") |> range(start: " + start
                    + ") |> filter(fn: (r) => r.moniflux_run == " + PrometheusQueries.label(run)
                    + " and r._field == \"seq\") |> group() |> count()";
            headers.put("Accept", "application/csv");
            String csv = client.postText(base, "/api/v2/query?org=" + URLEncoder.encode(destination.org(), StandardCharsets.UTF_8),
                    destination, headers, "application/vnd.flux", flux);
            return fluxCount(csv);
        }
        String database = destination.database() == null ? "moniflux" : destination.database();
        long since = Duration.between(query.from().minusSeconds(60), Instant.now()).toSeconds();
        String influxql = "SELECT count(\"seq\") FROM /.*/ WHERE \"moniflux_run\" = '" + run.replace("'", "\\'")
                + "' AND time > now() - " + since + "s";
        JsonNode answer = client.get(base, "/query?db=" + URLEncoder.encode(database, StandardCharsets.UTF_8) + "&q="
                + URLEncoder.encode(influxql, StandardCharsets.UTF_8), destination, headers);
        JsonNode result = answer.path("results").path(0);
        if (result.has("error")) {
            throw new VerificationException("InfluxDB answered: " + result.path("error").asString());
        }
        long count = 0;
        for (JsonNode series : result.path("series")) {
            for (JsonNode row : series.path("values")) {
                count += row.path(1).asLong();
            }
        }
        return count;
    }

    /** Bucket statements sent in one request: a long run's buckets go in a few requests, not one per bucket. */
    static final int STATEMENTS_PER_REQUEST = 200;

    /**
     * Which points of the run InfluxDB 1.x holds, asked in InfluxQL: per bucket of seqs one statement
     * counting points and distinct seqs by part (InfluxQL cannot group by a computed bucket, so the
     * statements of many buckets share a request), then the seqs of the incomplete buckets only. A
     * point written twice with the same timestamp overwrites itself in InfluxDB, so duplicates are the
     * ones held at two timestamps. The Flux and Prometheus APIs are not asked.
     */
    @Override
    public Optional<SeqFindings> sequences(Query query, SeqExpectation expected) throws VerificationException {
        InfluxDestination destination = (InfluxDestination) query.destination();
        if ("prometheus".equals(query.api()) || destination.bucket() != null) {
            return Optional.empty();
        }
        Asking asking = asking(query);
        long workers = expected.workers();
        long buckets = expected.duePerPart().values().stream().mapToLong(due -> (due + SeqLedger.BUCKET - 1) / SeqLedger.BUCKET)
                .max().orElse(0);
        Map<Integer, Map<Long, SeqLedger.Held>> held = new TreeMap<>();
        for (long first = 0; first < buckets; first += STATEMENTS_PER_REQUEST) {
            List<String> statements = new ArrayList<>();
            for (long b = first; b < Math.min(buckets, first + STATEMENTS_PER_REQUEST); b++) {
                statements.add("SELECT count(\"seq\"), count(distinct(\"seq\")) FROM /.*/ WHERE " + asking.where(b, workers)
                        + " GROUP BY \"moniflux_part\"");
            }
            JsonNode results = asking.ask(String.join(";", statements));
            for (int i = 0; i < statements.size(); i++) {
                long bucket = first + i;
                for (JsonNode series : results.path(i).path("series")) {
                    int part = Integer.parseInt(series.path("tags").path("moniflux_part").asString("0"));
                    JsonNode row = series.path("values").path(0);
                    held.computeIfAbsent(part, p -> new TreeMap<>()).merge(bucket,
                            new SeqLedger.Held(row.path(1).asLong(), row.path(2).asLong()),
                            (a, b) -> new SeqLedger.Held(a.rows() + b.rows(), a.distinct() + b.distinct()));
                }
            }
        }
        return Optional.of(SeqLedger.findings(expected, held, (part, bucket) -> {
            JsonNode result = asking.ask("SELECT \"seq\" FROM /.*/ WHERE " + asking.where(bucket, workers)
                    + " AND \"moniflux_part\" = '" + part + "'").path(0);
            TreeSet<Long> indexes = new TreeSet<>();
            for (JsonNode series : result.path("series")) {
                for (JsonNode row : series.path("values")) {
                    indexes.add(row.path(1).asLong() / workers);
                }
            }
            return List.copyOf(indexes);
        }));
    }

    /** One conversation with an InfluxDB 1.x about one run: where, and its statements' common condition. */
    private Asking asking(Query query) {
        InfluxDestination destination = (InfluxDestination) query.destination();
        Map<String, String> headers = new LinkedHashMap<>();
        if (destination.apiKeyValue() != null) {
            headers.put("Authorization", "Token " + destination.apiKeyValue());
        }
        long since = Duration.between(query.from().minusSeconds(60), Instant.now()).toSeconds();
        return new Asking(client, QueryClient.base(query, InfluxDestination.DEFAULT_PORT), destination, headers,
                destination.database() == null ? "moniflux" : destination.database(),
                "\"moniflux_run\" = '" + query.runID().replace("\\", "\\\\").replace("'", "\\'") + "' AND time > now() - " + since + "s");
    }

    private record Asking(QueryClient client, Endpoint base, InfluxDestination destination, Map<String, String> headers,
            String database, String run) {

        /** The points of the run whose seqs fall in a bucket's indexes, for all parts. */
        String where(long bucket, long workers) {
            return run + " AND \"seq\" >= " + bucket * SeqLedger.BUCKET * workers + " AND \"seq\" < "
                    + (bucket + 1) * SeqLedger.BUCKET * workers;
        }

        /** The results of the statements, in order; an error in any is the verification's. */
        JsonNode ask(String statements) throws VerificationException {
            JsonNode answer = client.post(base, "/query?db=" + URLEncoder.encode(database, StandardCharsets.UTF_8), destination,
                    headers, "application/x-www-form-urlencoded", "q=" + URLEncoder.encode(statements, StandardCharsets.UTF_8));
            JsonNode results = answer.path("results");
            for (JsonNode result : results) {
                if (result.has("error")) {
                    throw new VerificationException("InfluxDB answered: " + result.path("error").asString());
                }
            }
            return results;
        }
    }

    /** The _value column of Flux's annotated CSV, summed. */
    static long fluxCount(String csv) {
        long count = 0;
        int valueColumn = -1;
        for (String line : csv.split("\\r?\\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (valueColumn < 0) {
                valueColumn = Arrays.asList(cells).indexOf("_value");
                continue;
            }
            if (valueColumn < cells.length && !cells[valueColumn].isEmpty()) {
                count += Long.parseLong(cells[valueColumn].strip());
            }
        }
        return count;
    }
}
