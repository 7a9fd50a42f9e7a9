package io.moniflux.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The reference for OTLP/HTTP: the OpenTelemetry Java SDK's own batch processors and OTLP/HTTP
 * exporters (OkHttp), fed by two emitting threads as fast as they go, counting what the exporter got
 * accepted. Its queue drops what the exporter cannot take, as an application's would.
 */
final class OtelSdkReference {

    private static final Resource RESOURCE = Resource.getDefault().merge(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), "checkout", AttributeKey.stringKey("host.name"), "node-0-abcd",
            AttributeKey.stringKey("deployment.environment"), "production")));
    private static final Attributes ATTRIBUTES = Attributes.of(AttributeKey.stringKey("cloud.region"), "eu-west-1",
            AttributeKey.stringKey("moniflux.test_id"), "bench", AttributeKey.stringKey("moniflux.run_id"), "bench-run-1");

    /** Held, so that its level sticks: the SDK warns at every export that its queue dropped what the exporter could not take. */
    private static final java.util.logging.Logger SDK_LOG = java.util.logging.Logger.getLogger("io.opentelemetry.sdk");

    static {
        SDK_LOG.setLevel(Level.SEVERE);
    }

    private OtelSdkReference() {
    }

    /** Log records per second accepted by {@code endpoint}'s /v1/logs over {@code seconds}. */
    static double logs(String endpoint, int seconds, int threads, int batch) throws InterruptedException {
        LongAdder exported = new LongAdder();
        LogRecordExporter exporter = counting(OtlpHttpLogRecordExporter.builder().setEndpoint(endpoint + "/v1/logs").build(), exported);
        SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(RESOURCE)
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).setMaxExportBatchSize(batch)
                        .setMaxQueueSize(batch * 16).setScheduleDelay(Duration.ofMillis(10)).build())
                .build();
        Logger logger = provider.get("bench");
        String body = "x".repeat(50);
        double rate = emit(seconds, threads, exported, () -> logger.logRecordBuilder().setSeverity(Severity.INFO)
                .setBody(body).setAllAttributes(ATTRIBUTES).emit());
        provider.shutdown().join(10, TimeUnit.SECONDS);
        return rate;
    }

    /** Spans per second accepted by {@code endpoint}'s /v1/traces over {@code seconds}. */
    static double spans(String endpoint, int seconds, int threads, int batch) throws InterruptedException {
        LongAdder exported = new LongAdder();
        SpanExporter exporter = counting(OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces").build(), exported);
        SdkTracerProvider provider = SdkTracerProvider.builder().setResource(RESOURCE)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).setMaxExportBatchSize(batch).setMaxQueueSize(batch * 16)
                        .setScheduleDelay(Duration.ofMillis(10)).build())
                .build();
        Tracer tracer = provider.get("bench");
        double rate = emit(seconds, threads, exported, () -> tracer.spanBuilder("GetCart").setSpanKind(SpanKind.SERVER)
                .setAllAttributes(ATTRIBUTES).startSpan().end());
        provider.shutdown().join(10, TimeUnit.SECONDS);
        return rate;
    }

    /** Runs {@code emit} on {@code threads} threads for {@code seconds}; what was exported meanwhile, per second. */
    private static double emit(int seconds, int threads, LongAdder exported, Runnable emit) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> emitters = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            emitters.add(Thread.ofPlatform().name("sdk-emitter-" + i).start(() -> {
                while (System.nanoTime() < end) {
                    emit.run();
                }
            }));
        }
        for (Thread emitter : emitters) {
            emitter.join();
        }
        return exported.sum() / (double) seconds;
    }

    private static LogRecordExporter counting(LogRecordExporter delegate, LongAdder exported) {
        return new LogRecordExporter() {
            @Override
            public CompletableResultCode export(Collection<LogRecordData> logs) {
                return counted(delegate.export(logs), logs.size(), exported);
            }

            @Override
            public CompletableResultCode flush() {
                return delegate.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return delegate.shutdown();
            }
        };
    }

    private static SpanExporter counting(SpanExporter delegate, LongAdder exported) {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                return counted(delegate.export(spans), spans.size(), exported);
            }

            @Override
            public CompletableResultCode flush() {
                return delegate.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return delegate.shutdown();
            }
        };
    }

    /** Adds {@code size} to {@code exported} once the export succeeded. */
    private static CompletableResultCode counted(CompletableResultCode result, int size, LongAdder exported) {
        result.whenComplete(() -> {
            if (result.isSuccess()) {
                exported.add(size);
            }
        });
        return result;
    }
}
