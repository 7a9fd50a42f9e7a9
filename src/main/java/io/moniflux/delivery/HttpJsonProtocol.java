package io.moniflux.delivery;

import java.io.IOException;
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
        Header[] headers = destination.apiKey() == null ? new Header[0]
                : new Header[] {HttpTransport.header("Authorization", "Bearer " + destination.apiKey())};
        return new JsonChannel(transports.open(endpoint, destination, settings), "/" + signal.key(), headers);
    }

    private static final class JsonChannel implements Channel {

        private final HttpTransport transport;
        private final String path;
        private final Header[] headers;
        private volatile int estimatedEventBytes = 256;

        JsonChannel(HttpTransport transport, String path, Header[] headers) {
            this.transport = transport;
            this.path = path;
            this.headers = headers;
        }

        @Override
        public DeliveryResult send(Batch<?> batch) {
            ByteSink body = GoJsonEncoder.encode(batch, estimatedEventBytes);
            estimatedEventBytes = body.length() / batch.size() + 16;
            try {
                HttpReply reply = transport.post(path, ContentType.APPLICATION_JSON, headers, body.array(), body.length(), false);
                return reply.success() ? DeliveryResult.accepted(batch.size(), reply.status(), body.length())
                        : DeliveryResult.failed(batch.size(), reply.status(), "http-" + reply.status(), body.length());
            } catch (IOException e) {
                return DeliveryResult.failed(batch.size(), 0, transport.isClosed() ? "aborted" : Failures.classify(e), body.length());
            }
        }

        @Override
        public void close() {
            transport.close();
        }
    }
}
