package io.moniflux.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.Runs;
import io.moniflux.support.Scenario;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import tools.jackson.databind.JsonNode;

/** OTLP over gRPC to a grpc-java server on 127.0.0.1 implementing OpenTelemetry's collector services. */
@FullStackTest
class OtlpGrpcTest {

    static final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();
    static final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
    static final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
    static final List<String> authorizations = new CopyOnWriteArrayList<>();
    static Server server;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startCollector() throws Exception {
        ServerInterceptor headers = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata metadata, ServerCallHandler<Q, A> next) {
                authorizations.add(String.valueOf(metadata.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER))));
                return next.startCall(call, metadata);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new LogsServiceGrpc.LogsServiceImplBase() {
                    @Override
                    public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> response) {
                        logs.add(request);
                        response.onNext(ExportLogsServiceResponse.getDefaultInstance());
                        response.onCompleted();
                    }
                }, headers))
                .addService(new MetricsServiceGrpc.MetricsServiceImplBase() {
                    @Override
                    public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> response) {
                        metrics.add(request);
                        response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
                        response.onCompleted();
                    }
                })
                .addService(new TraceServiceGrpc.TraceServiceImplBase() {
                    @Override
                    public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
                        traces.add(request);
                        response.onNext(ExportTraceServiceResponse.getDefaultInstance());
                        response.onCompleted();
                    }
                })
                .build().start();
    }

    @AfterAll
    static void stopCollector() {
        server.shutdownNow();
    }

    @Test
    void exportsEverySignalOverGrpcWithGzipAndTheApiKey() {
        Scenario scenario = Scenario.to("grpc", Map.of("type", "otlp-grpc", "endpoint", "127.0.0.1", "port", server.getPort(),
                "compression", "gzip", "apiKey", "grpc-key")).with("logRate", 10).with("metricsRate", 10).with("traceRate", 10)
                .with("batchSize", 5);
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(20));

        long logRecords = logs.stream().flatMap(r -> r.getResourceLogsList().stream()).flatMap(r -> r.getScopeLogsList().stream())
                .mapToLong(s -> s.getLogRecordsCount()).sum();
        long points = metrics.stream().flatMap(r -> r.getResourceMetricsList().stream()).flatMap(r -> r.getScopeMetricsList().stream())
                .mapToLong(s -> s.getMetricsCount()).sum();
        long spans = traces.stream().flatMap(r -> r.getResourceSpansList().stream()).flatMap(r -> r.getScopeSpansList().stream())
                .mapToLong(s -> s.getSpansCount()).sum();
        assertThat(logRecords).isEqualTo(20).isEqualTo(Scenario.sent(done, "logs"));
        assertThat(points).isEqualTo(20).isEqualTo(Scenario.sent(done, "metrics"));
        assertThat(spans).isEqualTo(20).isEqualTo(Scenario.sent(done, "traces"));
        assertThat(authorizations).isNotEmpty().allSatisfy(header -> assertThat(header).isEqualTo("Bearer grpc-key"));
    }

    @Test
    void aCollectorThatIsDownGivesUnavailableFailuresAndTheRunCompletes() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Scenario scenario = Scenario.to("grpc-down", Map.of("type", "otlp-grpc", "endpoint", "http://127.0.0.1:" + closed))
                .with("logRate", 5);
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(20));

        assertThat(done.path("status").asString()).isEqualTo("Completed");
        JsonNode results = Runs.results(done, "logs");
        assertThat(results.path("failed").asLong()).isEqualTo(10);
        assertThat(results.path("errors").propertyNames()).isNotEmpty();
    }
}
