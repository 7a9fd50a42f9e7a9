package io.moniflux.delivery.zipkin;

import java.util.ArrayList;
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
class ZipkinProtocol implements Protocol<ZipkinDestination> {

    private final AddressPolicy policy;

    ZipkinProtocol(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return ZipkinDestination.TYPE;
    }

    @Override
    public Class<ZipkinDestination> destinationType() {
        return ZipkinDestination.class;
    }

    @Override
    public int defaultPort() {
        return ZipkinDestination.DEFAULT_PORT;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES);
    }

    @Override
    public List<DestinationProblem> check(ZipkinDestination destination) {
        return HttpDestinations.check(destination, defaultPort());
    }

    @Override
    public Channel open(ZipkinDestination destination, Signal signal, ChannelSettings settings) {
        io.moniflux.delivery.Endpoint endpoint = endpoint(destination);
        List<Header> headers = destination.apiKeyValue() == null ? List.of()
                : List.of(HttpTransport.header("Authorization", "Bearer " + destination.apiKeyValue()));
        String path = endpoint.basePath().endsWith("/api/v2/spans") ? "" : "/api/v2/spans";
        return new HttpChannel(HttpTransport.open(endpoint, destination, policy, settings), path, ContentType.APPLICATION_JSON,
                destination, headers) {
            @Override
            protected ByteSink encode(Batch<?> batch, int estimatedBytes) {
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
                span.putTag("error", event.statusMessage() == null ? "true" : event.statusMessage());
            }
            // Zipkin has no span events nor links: events become annotations, as the Collector's exporter makes them
            for (SpanEvent.Event annotation : event.events()) {
                span.addAnnotation(annotation.epochNanos() / 1000, annotation.name());
            }
            spans.add(span.build());
        }
        return spans;
    }
}
