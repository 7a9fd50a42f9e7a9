package io.moniflux.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

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
        return "loki";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS);
    }

    @Override
    public String describe(Query query) {
        return "Loki query API at " + QueryClient.base(query, 3100).resolve("");
    }

    @Override
    public long count(Query query) throws VerificationException {
        Instant now = Instant.now();
        long range = Duration.between(query.from(), now).toSeconds() + 60;
        String logql = "sum(count_over_time({moniflux_run=" + PrometheusQueries.label(query.runID()) + "}[" + range + "s]))";
        Map<String, String> headers = new LinkedHashMap<>();
        if (query.destination().tenant() != null) {
            headers.put("X-Scope-OrgID", query.destination().tenant());
        }
        if (query.destination().apiKeyValue() != null) {
            headers.put("Authorization", "Bearer " + query.destination().apiKeyValue());
        }
        JsonNode answer = client.get(QueryClient.base(query, 3100), "/loki/api/v1/query?query="
                + URLEncoder.encode(logql, StandardCharsets.UTF_8) + "&time=" + now.getEpochSecond() + "000000000",
                query.destination(), headers);
        JsonNode result = answer.path("data").path("result");
        if (!"success".equals(answer.path("status").asString())) {
            throw new VerificationException("Loki answered " + QueryClient.abbreviate(answer.toString()));
        }
        return result.isEmpty() ? 0 : Math.round(Double.parseDouble(result.get(0).path("value").get(1).asString()));
    }
}
