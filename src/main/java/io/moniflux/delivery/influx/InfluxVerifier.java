package io.moniflux.delivery.influx;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.moniflux.delivery.Endpoint;
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
