package io.moniflux.delivery.loki;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.moniflux.delivery.Verifier;
import io.moniflux.delivery.http.QueryClient;
import io.moniflux.delivery.prometheus.PrometheusQueries;
import io.moniflux.telemetry.Signal;
import tools.jackson.databind.JsonNode;

/** Log lines counted with LogQL's count_over_time on the run's stream label. */
@Component
class LokiVerifier implements Verifier {

    private final QueryClient client;

    LokiVerifier(QueryClient client) {
        this.client = client;
    }

    @Override
    public String type() {
        return LokiDestination.TYPE;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS);
    }

    @Override
    public String describe(Query query) {
        return "Loki query API at " + QueryClient.base(query, LokiDestination.DEFAULT_PORT).resolve("");
    }

    @Override
    public long count(Query query) throws VerificationException {
        Instant now = Instant.now();
        long range = Duration.between(query.from(), now).toSeconds() + 60;
        String logql = "sum(count_over_time({moniflux_run=" + PrometheusQueries.label(query.runID()) + "}[" + range + "s]))";
        LokiDestination destination = (LokiDestination) query.destination();
        Map<String, String> headers = new LinkedHashMap<>();
        if (destination.tenant() != null) {
            headers.put("X-Scope-OrgID", destination.tenant());
        }
        if (destination.apiKeyValue() != null) {
            headers.put("Authorization", "Bearer " + destination.apiKeyValue());
        }
        JsonNode answer = client.get(QueryClient.base(query, LokiDestination.DEFAULT_PORT), "/loki/api/v1/query?query="
                + URLEncoder.encode(logql, StandardCharsets.UTF_8) + "&time=" + now.getEpochSecond() + "000000000",
                destination, headers);
        JsonNode result = answer.path("data").path("result");
        if (!"success".equals(answer.path("status").asString())) {
            throw new VerificationException("Loki answered JSON without a result (" + QueryClient.describe(answer.toString()) + ")");
        }
        return result.isEmpty() ? 0 : Math.round(Double.parseDouble(result.get(0).path("value").get(1).asString()));
    }
}
