package io.moniflux.delivery.prometheus;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.HttpOptions;
import io.moniflux.delivery.Verifier.VerificationException;
import io.moniflux.delivery.http.QueryClient;
import tools.jackson.databind.JsonNode;

/** Counting samples through the Prometheus query API (Prometheus, VictoriaMetrics, Mimir...). */
public final class PrometheusQueries {

    private PrometheusQueries() {
    }

    /**
     * Samples of the series {@code selector} picks, from {@code from} until now: counted per metric
     * name, because count_over_time drops names and series that differ only by name would clash.
     *
     * @param selector label matchers without braces, such as {@code moniflux_run="r"}
     */
    public static long countSamples(QueryClient client, Endpoint base, HttpOptions destination, Map<String, String> headers,
            String selector, Instant from) throws VerificationException {
        Instant now = Instant.now();
        long range = Duration.between(from, now).toSeconds() + 60;
        JsonNode names = client.get(base, "/api/v1/label/__name__/values?match[]=" + encode("{" + selector + "}")
                + "&start=" + from.minusSeconds(60).getEpochSecond() + "&end=" + now.getEpochSecond(), destination, headers);
        check(names);
        long samples = 0;
        for (JsonNode name : names.path("data")) {
            String query = "sum(count_over_time({__name__=" + label(name.asString()) + "," + selector + "}[" + range + "s]))";
            JsonNode answer = client.get(base, "/api/v1/query?query=" + encode(query) + "&time=" + now.getEpochSecond(),
                    destination, headers);
            check(answer);
            JsonNode result = answer.path("data").path("result");
            if (!result.isEmpty()) {
                samples += Math.round(Double.parseDouble(result.get(0).path("value").get(1).asString()));
            }
        }
        return samples;
    }

    private static void check(JsonNode answer) throws VerificationException {
        if (!"success".equals(answer.path("status").asString())) {
            throw new VerificationException("the query API answered JSON without a result (" + QueryClient.describe(answer.toString()) + ")");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A quoted label value, as PromQL and LogQL read them. */
    public static String label(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
