package io.moniflux.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.moniflux.delivery.Verifier.VerificationException;
import tools.jackson.databind.JsonNode;

/** Counting samples through the Prometheus query API (Prometheus, VictoriaMetrics, Mimir...). */
final class PrometheusQueries {

    private PrometheusQueries() {
    }

    /** Samples of the series {@code selector} picks, from {@code from} until now. */
    static long countSamples(QueryClient client, Endpoint base, Destination destination, Map<String, String> headers,
            String selector, Instant from) throws VerificationException {
        Instant now = Instant.now();
        long range = Duration.between(from, now).toSeconds() + 60;
        String query = "sum(count_over_time(" + selector + "[" + range + "s]))";
        JsonNode answer = client.get(base, "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&time=" + now.getEpochSecond(), destination, headers);
        if (!"success".equals(answer.path("status").asString())) {
            throw new VerificationException("the query API answered " + QueryClient.abbreviate(answer.toString()));
        }
        JsonNode result = answer.path("data").path("result");
        if (result.isEmpty()) {
            return 0;
        }
        return Math.round(Double.parseDouble(result.get(0).path("value").get(1).asString()));
    }

    /** A quoted label value, as PromQL and LogQL read them. */
    static String label(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
