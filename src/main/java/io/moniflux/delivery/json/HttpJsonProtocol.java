package io.moniflux.delivery.json;

import java.util.List;
import java.util.Set;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.springframework.stereotype.Component;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Protocol;
import io.moniflux.delivery.http.HttpChannel;
import io.moniflux.delivery.http.HttpDestinations;
import io.moniflux.delivery.http.HttpTransport;
import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.MetricKind;
import io.moniflux.telemetry.Signal;

/**
 * The Go service's own format, and the default type: {@code POST {endpoint}:{port}/logs},
 * {@code /metrics} or {@code /traces} with a JSON body and {@code Authorization: Bearer {apiKey}}.
 */
@Component
class HttpJsonProtocol implements Protocol<HttpJsonDestination> {

    private final AddressPolicy policy;

    HttpJsonProtocol(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return HttpJsonDestination.TYPE;
    }

    @Override
    public Class<HttpJsonDestination> destinationType() {
        return HttpJsonDestination.class;
    }

    /** {@inheritDoc} Here: the JSON format writes every kind out whole. */
    @Override
    public Set<MetricKind> metricKinds() {
        return ALL_METRIC_KINDS;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS, Signal.METRICS, Signal.TRACES);
    }

    @Override
    public int defaultPort() {
        return 80;
    }

    @Override
    public int defaultBatchSize() {
        return 1;
    }

    @Override
    public List<DestinationProblem> check(HttpJsonDestination destination) {
        return HttpDestinations.check(destination, defaultPort());
    }

    @Override
    public Channel open(HttpJsonDestination destination, Signal signal, ChannelSettings settings) {
        List<Header> headers = destination.apiKeyValue() == null ? List.of()
                : List.of(HttpTransport.header("Authorization", "Bearer " + destination.apiKeyValue()));
        return new HttpChannel(HttpTransport.open(endpoint(destination), destination, policy, settings), "/" + signal.key(),
                ContentType.APPLICATION_JSON, destination, headers) {
            @Override
            protected ByteSink encode(Batch<?> batch, int estimatedBytes) {
                return GoJsonEncoder.encode(batch, estimatedBytes);
            }
        };
    }
}
