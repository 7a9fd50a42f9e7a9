package io.moniflux.delivery.prometheus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.moniflux.delivery.Verifier;
import io.moniflux.delivery.http.QueryClient;
import io.moniflux.telemetry.Signal;

/**
 * Remote-written metric points, counted through the Prometheus query API: a counter or gauge point is
 * one sample, a histogram or summary point one {@code _count} sample besides its buckets (or
 * quantiles) and sum, so the count is of points, as the run's {@code sent} is.
 */
@Component
class PrometheusVerifier implements Verifier {

    private final QueryClient client;

    PrometheusVerifier(QueryClient client) {
        this.client = client;
    }

    @Override
    public String type() {
        return PrometheusDestination.TYPE;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS);
    }

    @Override
    public String describe(Query query) {
        return "Prometheus query API at " + QueryClient.base(query, PrometheusDestination.DEFAULT_PORT).resolve("");
    }

    @Override
    public long count(Query query) throws VerificationException {
        PrometheusDestination destination = (PrometheusDestination) query.destination();
        Map<String, String> headers = new LinkedHashMap<>();
        if (destination.apiKeyValue() != null) {
            headers.put("Authorization", "Bearer " + destination.apiKeyValue());
        }
        String selector = "moniflux_run=" + PrometheusQueries.label(query.runID()) + ",__name__!~\".+_(bucket|sum)\",quantile=\"\"";
        return PrometheusQueries.countSamples(client, QueryClient.base(query, PrometheusDestination.DEFAULT_PORT), destination, headers, selector,
                query.from());
    }
}
