package io.moniflux.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.moniflux.telemetry.Signal;

/**
 * Remote-written metrics, counted through the Prometheus query API: a counter or gauge point is one
 * sample, a histogram point one {@code _count} sample besides its buckets and sum.
 */
@Component
class PrometheusVerifier implements Verifier {

    private final QueryClient client;

    PrometheusVerifier(QueryClient client) {
        this.client = client;
    }

    @Override
    public String type() {
        return "prometheus-remote-write";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS);
    }

    @Override
    public String describe(Query query) {
        return "Prometheus query API at " + QueryClient.base(query, 9090).resolve("");
    }

    @Override
    public long count(Query query) throws VerificationException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (query.destination().apiKeyValue() != null) {
            headers.put("Authorization", "Bearer " + query.destination().apiKeyValue());
        }
        String selector = "moniflux_run=" + PrometheusQueries.label(query.runID()) + ",__name__!~\".+_(bucket|sum)\"";
        return PrometheusQueries.countSamples(client, QueryClient.base(query, 9090), query.destination(), headers, selector,
                query.from());
    }
}
