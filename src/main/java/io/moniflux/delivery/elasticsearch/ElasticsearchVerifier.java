package io.moniflux.delivery.elasticsearch;

import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.moniflux.delivery.Verifier;
import io.moniflux.delivery.http.QueryClient;
import io.moniflux.delivery.prometheus.PrometheusQueries;
import io.moniflux.telemetry.Signal;
import tools.jackson.databind.JsonNode;

/** Documents counted with {@code _count} on the index the signal was written to, by run id. */
@Component
class ElasticsearchVerifier implements Verifier {

    private final QueryClient client;

    ElasticsearchVerifier(QueryClient client) {
        this.client = client;
    }

    @Override
    public String type() {
        return ElasticsearchDestination.TYPE;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS, Signal.TRACES);
    }

    @Override
    public String describe(Query query) {
        return "Elasticsearch _count at " + QueryClient.base(query, ElasticsearchDestination.DEFAULT_PORT).resolve("");
    }

    @Override
    public long count(Query query) throws VerificationException {
        ElasticsearchDestination destination = (ElasticsearchDestination) query.destination();
        String index = destination.indexOf(query.signal());
        // match_phrase finds the id whether the field is mapped as text or as keyword
        String body = "{\"query\":{\"match_phrase\":{\"moniflux.run_id\":" + PrometheusQueries.label(query.runID()) + "}}}";
        Map<String, String> headers = destination.apiKeyValue() == null ? Map.of()
                : Map.of("Authorization", "ApiKey " + destination.apiKeyValue());
        JsonNode answer = client.post(QueryClient.base(query, ElasticsearchDestination.DEFAULT_PORT), "/" + index + "/_count", destination, headers,
                "application/json", body);
        if (!answer.has("count")) {
            throw new VerificationException("_count answered JSON without a count (" + QueryClient.describe(answer.toString()) + ")");
        }
        return answer.path("count").asLong();
    }
}
