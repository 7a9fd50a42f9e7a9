package io.moniflux.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.springframework.stereotype.Component;

import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.Signal;
import io.moniflux.telemetry.SpanEvent;
import zipkin2.Endpoint;
import zipkin2.Span;
import zipkin2.codec.SpanBytesEncoder;

/**
 * Zipkin's v2 API: {@code POST /api/v2/spans}, a JSON array of spans, encoded by Zipkin's own library.
 * The run marker and sequence number travel as {@code moniflux.*} tags.
 */
@Component
class ZipkinProtocol implements Protocol {

    static final String TYPE = "zipkin";

    private final HttpTransports transports;

    ZipkinProtocol(HttpTransports transports) {
        this.transports = transports;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int defaultPort() {
        return 9411;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES);
    }

    @Override
    public Set<String> options() {
        return Set.of("headers", "compression", "tls");
    }

    @Override
    public List<DestinationProblem> check(Destination destination) {
        return HttpChecks.endpoint(destination, 9411);
    }

    @Override
    public Channel open(Destination destination, Signal signal, ChannelSettings settings) {
        io.moniflux.delivery.Endpoint endpoint = io.moniflux.delivery.Endpoint.parse(destination.endpoint(),
                destination.port(), "http", 9411);
        List<Header> headers = destination.apiKeyValue() == null ? List.of()
                : List.of(HttpTransport.header("Authorization", "Bearer " + destination.apiKeyValue()));
        String path = endpoint.basePath().endsWith("/api/v2/spans") ? "" : "/api/v2/spans";
        return new HttpChannel(transports.open(endpoint, destination, settings), path, ContentType.APPLICATION_JSON,
                destination, headers) {
            @Override
            ByteSink encode(Batch<?> batch, int estimatedBytes) {
                byte[] json = SpanBytesEncoder.JSON_V2.encodeList(spans(batch));
                ByteSink sink = new ByteSink(json.length);
                sink.write(json, 0, json.length);
                return sink;
            }
        };
    }

    static List<Span> spans(Batch<?> batch) {
        RunMarker marker = batch.marker();
        List<Span> spans = new ArrayList<>(batch.size());
        for (SpanEvent event : batch.spans()) {
            Span.Builder span = Span.newBuilder()
                    .traceId(event.traceId())
                    .id(event.spanId())
                    .parentId(event.parentSpanId())
                    .name(event.operation())
                    .timestamp(event.startEpochNanos() / 1000)
                    .duration(Math.max(1, event.durationNanos() / 1000))
                    .localEndpoint(Endpoint.newBuilder().serviceName(event.service()).build())
                    .putTag("moniflux.test_id", marker.testID())
                    .putTag("moniflux.run_id", marker.runID())
                    .putTag("moniflux.part", Integer.toString(marker.part()))
                    .putTag("moniflux.seq", Long.toString(event.seq()));
            switch (event.kind()) {
                case SERVER -> span.kind(Span.Kind.SERVER);
                case CLIENT -> span.kind(Span.Kind.CLIENT);
                case PRODUCER -> span.kind(Span.Kind.PRODUCER);
                case CONSUMER -> span.kind(Span.Kind.CONSUMER);
                case INTERNAL -> { } // Zipkin leaves the kind of an internal span unset
            }
            event.attributes().values().forEach(span::putTag);
            if (event.error()) {
                span.putTag("error", "true");
            }
            spans.add(span.build());
        }
        return spans;
    }
}
