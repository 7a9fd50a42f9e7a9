package io.moniflux.delivery;

import java.util.List;
import java.util.Set;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.springframework.stereotype.Component;

import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.Signal;

/**
 * The Go service's own format, and the default type: {@code POST {endpoint}:{port}/logs},
 * {@code /metrics} or {@code /traces} with a JSON body and {@code Authorization: Bearer {apiKey}}.
 */
@Component
class HttpJsonProtocol implements Protocol {

    static final String TYPE = "http";

    private final HttpTransports transports;

    HttpJsonProtocol(HttpTransports transports) {
        this.transports = transports;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS, Signal.METRICS, Signal.TRACES);
    }

    @Override
    public Set<String> options() {
        return Set.of("headers", "compression", "tls");
    }

    @Override
    public int defaultBatchSize() {
        return 1;
    }

    @Override
    public List<DestinationProblem> check(Destination destination) {
        return HttpChecks.endpoint(destination, 80);
    }

    @Override
    public Channel open(Destination destination, Signal signal, ChannelSettings settings) {
        Endpoint endpoint = Endpoint.parse(destination.endpoint(), destination.port(), "http", 80);
        List<Header> headers = destination.apiKeyValue() == null ? List.of()
                : List.of(HttpTransport.header("Authorization", "Bearer " + destination.apiKeyValue()));
        return new HttpChannel(transports.open(endpoint, destination, settings), "/" + signal.key(),
                ContentType.APPLICATION_JSON, destination, headers) {
            @Override
            ByteSink encode(Batch<?> batch, int estimatedBytes) {
                return GoJsonEncoder.encode(batch, estimatedBytes);
            }
        };
    }
}
