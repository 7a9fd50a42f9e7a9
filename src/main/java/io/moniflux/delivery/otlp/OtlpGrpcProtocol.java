package io.moniflux.delivery.otlp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

import org.springframework.stereotype.Component;

import com.google.protobuf.Message;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.Protocol;
import io.moniflux.delivery.Tls;
import io.moniflux.delivery.http.Failures;
import io.moniflux.delivery.http.HttpDestinations;
import io.moniflux.delivery.http.TlsTrust;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.MetricKind;
import io.moniflux.telemetry.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;

/**
 * OTLP over gRPC (default port 4317), with the service definitions and messages of OpenTelemetry's own
 * proto artifact and grpc-java. Plain text for {@code http://} or bare endpoints, TLS for {@code https://};
 * gzip when asked. Calls block on the worker's virtual thread. The channel connects to the address the
 * address policy allowed, resolved once when it opens.
 */
@Component
class OtlpGrpcProtocol implements Protocol<OtlpGrpcDestination> {

    private final AddressPolicy policy;

    OtlpGrpcProtocol(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return OtlpGrpcDestination.TYPE;
    }

    @Override
    public Class<OtlpGrpcDestination> destinationType() {
        return OtlpGrpcDestination.class;
    }

    @Override
    public int defaultPort() {
        return 4317;
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
    public List<DestinationProblem> check(OtlpGrpcDestination destination) {
        return HttpDestinations.check(destination, defaultPort());
    }

    @Override
    public Channel open(OtlpGrpcDestination destination, Signal signal, ChannelSettings settings) {
        return new GrpcChannel(endpoint(destination), destination, signal, settings, policy);
    }

    private static final class GrpcChannel implements Channel {

        private final OtlpGrpcDestination destination;
        private final Signal signal;
        private final ChannelSettings settings;
        private final ManagedChannel channel;
        private final CallOptions options;
        private final String failure;

        GrpcChannel(Endpoint endpoint, OtlpGrpcDestination destination, Signal signal, ChannelSettings settings,
                AddressPolicy policy) {
            this.destination = destination;
            this.signal = signal;
            this.settings = settings;
            ManagedChannel built = null;
            String problem = null;
            try {
                built = channel(endpoint, destination, policy);
            } catch (IOException e) {
                problem = Failures.classify(e);
            }
            this.channel = built;
            this.failure = problem;
            this.options = destination.gzip() ? CallOptions.DEFAULT.withCompression("gzip") : CallOptions.DEFAULT;
        }

        private static ManagedChannel channel(Endpoint endpoint, OtlpGrpcDestination destination, AddressPolicy policy)
                throws IOException {
            String host = endpoint.bareHost();
            InetAddress address = policy.permitted(host, endpoint.port(), Arrays.asList(InetAddress.getAllByName(host))).getFirst();
            NettyChannelBuilder builder = NettyChannelBuilder.forAddress(new InetSocketAddress(address, endpoint.port()))
                    .overrideAuthority(endpoint.host() + ":" + endpoint.port())
                    .maxInboundMessageSize(4 * 1024 * 1024);
            if ("https".equals(endpoint.scheme())) {
                SslContextBuilder tls = GrpcSslContexts.forClient();
                Tls trust = destination.tls();
                try {
                    if (trust != null && trust.insecure()) {
                        tls.trustManager(TlsTrust.TRUST_ALL);
                    } else if (trust != null && trust.caCertificate() != null) {
                        tls.trustManager(TlsTrust.trustManager(trust.caCertificate()));
                    }
                    builder.sslContext(tls.build());
                } catch (SSLException | GeneralSecurityException e) {
                    throw new IOException("cannot set up TLS: " + e.getMessage(), e);
                }
            } else {
                builder.usePlaintext();
            }
            Metadata headers = new Metadata();
            if (destination.apiKeyValue() != null) {
                headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + destination.apiKeyValue());
            }
            for (Map.Entry<String, String> header : destination.headerValues().entrySet()) {
                headers.put(Metadata.Key.of(header.getKey().toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER),
                        header.getValue());
            }
            List<ClientInterceptor> interceptors = new ArrayList<>();
            interceptors.add(MetadataUtils.newAttachHeadersInterceptor(headers));
            return builder.intercept(interceptors).build();
        }

        @Override
        public DeliveryResult send(Batch<?> batch) {
            if (channel == null) {
                return DeliveryResult.failed(batch.size(), 0, failure, 0);
            }
            Message request = switch (signal) {
                case LOGS -> OtlpMessages.logs(batch, destination.resourceAttributes());
                case METRICS -> OtlpMessages.metrics(batch, destination.resourceAttributes());
                case TRACES -> OtlpMessages.traces(batch, destination.resourceAttributes());
            };
            long bytes = request.getSerializedSize();
            CallOptions call = options.withDeadlineAfter(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            try {
                long rejected = switch (signal) {
                    case LOGS -> call(LogsServiceGrpc.getExportMethod(), call, (ExportLogsServiceRequest) request)
                            .getPartialSuccess().getRejectedLogRecords();
                    case METRICS -> call(MetricsServiceGrpc.getExportMethod(), call, (ExportMetricsServiceRequest) request)
                            .getPartialSuccess().getRejectedDataPoints();
                    case TRACES -> call(TraceServiceGrpc.getExportMethod(), call, (ExportTraceServiceRequest) request)
                            .getPartialSuccess().getRejectedSpans();
                };
                int refused = (int) Math.min(batch.size(), rejected);
                return refused == 0 ? DeliveryResult.accepted(batch.size(), 0, bytes)
                        : new DeliveryResult(batch.size() - refused, refused, 0, "partial-success", bytes);
            } catch (StatusRuntimeException e) {
                return DeliveryResult.failed(batch.size(), 0, errorClass(e), bytes);
            }
        }

        private <Q, A> A call(MethodDescriptor<Q, A> method, CallOptions call, Q request) {
            return ClientCalls.blockingUnaryCall(channel, method, call, request);
        }

        private String errorClass(StatusRuntimeException e) {
            if (channel.isShutdown()) {
                return "aborted";
            }
            Throwable cause = e.getStatus().getCause();
            if (cause instanceof IOException io) {
                return Failures.classify(io);
            }
            return switch (e.getStatus().getCode()) {
                case DEADLINE_EXCEEDED -> "timeout";
                default -> "grpc-" + e.getStatus().getCode().name().toLowerCase(Locale.ROOT).replace('_', '-');
            };
        }

        @Override
        public void close() {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
    }

}
