package io.moniflux.delivery.otlp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.springframework.stereotype.Component;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Protocol;
import io.moniflux.delivery.http.HttpChannel;
import io.moniflux.delivery.http.HttpDestinations;
import io.moniflux.delivery.http.HttpReply;
import io.moniflux.delivery.http.HttpTransport;
import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.MetricKind;
import io.moniflux.telemetry.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OTLP over HTTP, as an OpenTelemetry Collector receives it: {@code POST /v1/logs}, {@code /v1/metrics},
 * {@code /v1/traces}, protobuf by default or JSON, optionally gzipped. A partial success in the answer
 * counts the rejected items as failed.
 */
@Component
class OtlpHttpProtocol implements Protocol<OtlpHttpDestination> {

    private static final ContentType PROTOBUF = ContentType.create("application/x-protobuf");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AddressPolicy policy;

    OtlpHttpProtocol(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return OtlpHttpDestination.TYPE;
    }

    @Override
    public Class<OtlpHttpDestination> destinationType() {
        return OtlpHttpDestination.class;
    }

    @Override
    public int defaultPort() {
        return 4318;
    }

    /** {@inheritDoc} Here: OTLP carries every kind, exponential histograms included. */
    @Override
    public Set<MetricKind> metricKinds() {
        return ALL_METRIC_KINDS;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS, Signal.METRICS, Signal.TRACES);
    }

    @Override
    public List<DestinationProblem> check(OtlpHttpDestination destination) {
        List<DestinationProblem> problems = new ArrayList<>(HttpDestinations.check(destination, defaultPort()));
        if (destination.encoding() != null && !Set.of("protobuf", "json").contains(destination.encoding())) {
            problems.add(new DestinationProblem("destination.encoding", "encoding must be protobuf or json"));
        }
        return problems;
    }

    @Override
    public Channel open(OtlpHttpDestination destination, Signal signal, ChannelSettings settings) {
        boolean json = destination.json();
        List<Header> headers = destination.apiKeyValue() == null ? List.of()
                : List.of(HttpTransport.header("Authorization", "Bearer " + destination.apiKeyValue()));
        return new HttpChannel(HttpTransport.open(endpoint(destination), destination, policy, settings), "/v1/" + signal.key(),
                json ? ContentType.APPLICATION_JSON : PROTOBUF, destination, headers) {

            @Override
            protected ByteSink encode(Batch<?> batch, int estimatedBytes) throws IOException {
                Message message = switch (signal) {
                    case LOGS -> OtlpMessages.logs(batch, destination.resourceAttributes());
                    case METRICS -> OtlpMessages.metrics(batch, destination.resourceAttributes());
                    case TRACES -> OtlpMessages.traces(batch, destination.resourceAttributes());
                };
                ByteSink sink = new ByteSink(json ? estimatedBytes * batch.size() : message.getSerializedSize());
                if (json) {
                    sink.write(OtlpJson.print(message).getBytes(StandardCharsets.UTF_8));
                } else {
                    message.writeTo(sink);
                }
                return sink;
            }

            @Override
            protected boolean readsAnswer() {
                return true;
            }

            @Override
            protected DeliveryResult interpret(Batch<?> batch, HttpReply reply, long bytes) {
                if (!reply.success()) {
                    return super.interpret(batch, reply, bytes);
                }
                long rejected = Math.min(batch.size(), rejected(signal, reply.body(), json));
                return rejected == 0 ? DeliveryResult.accepted(batch.size(), reply.status(), bytes)
                        : new DeliveryResult(batch.size() - (int) rejected, (int) rejected, reply.status(), "partial-success", bytes);
            }
        };
    }

    /** The items a partial success rejected; 0 for a full success or an answer that is not OTLP. */
    static long rejected(Signal signal, byte[] body, boolean json) {
        if (body.length == 0) {
            return 0;
        }
        try {
            if (json) {
                JsonNode partial = JSON.readTree(body).path("partialSuccess");
                String field = switch (signal) {
                    case LOGS -> "rejectedLogRecords";
                    case METRICS -> "rejectedDataPoints";
                    case TRACES -> "rejectedSpans";
                };
                return partial.path(field).asLong(0);
            }
            return switch (signal) {
                case LOGS -> ExportLogsServiceResponse.parseFrom(body).getPartialSuccess().getRejectedLogRecords();
                case METRICS -> ExportMetricsServiceResponse.parseFrom(body).getPartialSuccess().getRejectedDataPoints();
                case TRACES -> ExportTraceServiceResponse.parseFrom(body).getPartialSuccess().getRejectedSpans();
            };
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return 0;
        }
    }
}
