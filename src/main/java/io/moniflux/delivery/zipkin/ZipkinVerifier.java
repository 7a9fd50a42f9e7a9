package io.moniflux.delivery.zipkin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.moniflux.delivery.Verifier;
import io.moniflux.delivery.http.QueryClient;
import io.moniflux.telemetry.Signal;
import tools.jackson.databind.JsonNode;

/** Spans counted through Zipkin's trace search, by the run id tag every span carries. */
@Component
class ZipkinVerifier implements Verifier {

    /** Traces asked for at most; a run with more cannot be counted exactly this way. */
    static final int MAX_TRACES = 1_000_000;

    private final QueryClient client;

    ZipkinVerifier(QueryClient client) {
        this.client = client;
    }

    @Override
    public String type() {
        return ZipkinDestination.TYPE;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES);
    }

    @Override
    public String describe(Query query) {
        return "Zipkin API at " + QueryClient.base(query, ZipkinDestination.DEFAULT_PORT).resolve("");
    }

    @Override
    public long count(Query query) throws VerificationException {
        Instant now = Instant.now();
        long lookback = Duration.between(query.from(), now).toMillis() + 60_000;
        String path = "/api/v2/traces?annotationQuery="
                + URLEncoder.encode("moniflux.run_id=" + query.runID(), StandardCharsets.UTF_8)
                + "&endTs=" + now.toEpochMilli() + "&lookback=" + lookback + "&limit=" + MAX_TRACES;
        ZipkinDestination destination = (ZipkinDestination) query.destination();
        Map<String, String> headers = destination.apiKeyValue() == null ? Map.of()
                : Map.of("Authorization", "Bearer " + destination.apiKeyValue());
        JsonNode traces = client.get(QueryClient.base(query, ZipkinDestination.DEFAULT_PORT), path, destination, headers);
        long spans = 0;
        for (JsonNode trace : traces) {
            for (JsonNode span : trace) {
                if (query.runID().equals(span.path("tags").path("moniflux.run_id").asString())) {
                    spans++;
                }
            }
        }
        return spans;
    }
}
