package io.moniflux.delivery.otlp;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;

import io.moniflux.telemetry.Attributes;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.LogEvent;
import io.moniflux.telemetry.MetricEvent;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.SpanEvent;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * Batches as OTLP export requests, built with OpenTelemetry's own proto classes. Events are grouped by
 * resource: for logs the attribute set an event comes from (service, host, ...), for metrics the
 * series' service and instance, for spans the service. Every log record and span carries the run
 * marker and its sequence number as {@code moniflux.*} attributes; metric points carry the marker only,
 * since a sequence number per point would make every point a series of its own.
 */
final class OtlpMessages {

    private static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder()
            .setName("io.moniflux").setVersion("1").build();

    private OtlpMessages() {
    }

    static ExportLogsServiceRequest logs(Batch<?> batch, Map<String, String> resourceAttributes) {
        Map<Attributes, ScopeLogs.Builder> byResource = new IdentityHashMap<>();
        Map<Attributes, Resource> resources = new IdentityHashMap<>();
        List<KeyValue> marker = marker(batch.marker());
        for (LogEvent log : batch.logs()) {
            ScopeLogs.Builder scope = byResource.computeIfAbsent(log.attributes(), a -> ScopeLogs.newBuilder().setScope(SCOPE));
            resources.computeIfAbsent(log.attributes(), a -> resource(a.values(), resourceAttributes));
            scope.addLogRecords(LogRecord.newBuilder()
                    .setTimeUnixNano(log.epochNanos())
                    .setObservedTimeUnixNano(log.epochNanos())
                    .setSeverityNumber(severity(log.level()))
                    .setSeverityText(log.level())
                    .setBody(AnyValue.newBuilder().setStringValue(log.message()))
                    .addAllAttributes(marker)
                    .addAttributes(integer("moniflux.seq", log.seq())));
        }
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        byResource.forEach((attributes, scope) -> request.addResourceLogs(
                ResourceLogs.newBuilder().setResource(resources.get(attributes)).addScopeLogs(scope)));
        return request.build();
    }

    static ExportMetricsServiceRequest metrics(Batch<?> batch, Map<String, String> resourceAttributes) {
        Map<String, ScopeMetrics.Builder> byResource = new LinkedHashMap<>();
        Map<String, Resource> resources = new LinkedHashMap<>();
        List<KeyValue> marker = marker(batch.marker());
        for (MetricEvent point : batch.metrics()) {
            Map<String, String> labels = point.series().labels().values();
            String key = labels.get("service") + "|" + labels.get("instance");
            ScopeMetrics.Builder scope = byResource.computeIfAbsent(key, k -> ScopeMetrics.newBuilder().setScope(SCOPE));
            resources.computeIfAbsent(key, k -> {
                Map<String, String> resource = new LinkedHashMap<>();
                resource.put("service.name", labels.get("service"));
                resource.put("service.instance.id", labels.get("instance"));
                return resource(resource, resourceAttributes);
            });
            List<KeyValue> attributes = new ArrayList<>(marker);
            labels.forEach((name, value) -> {
                if (!name.equals("service") && !name.equals("instance")) {
                    attributes.add(string(name, value));
                }
            });
            Metric.Builder metric = Metric.newBuilder().setName(point.series().name()).setUnit(point.series().unit())
                    .setDescription(point.series().description());
            switch (point.series().kind()) {
                case COUNTER -> metric.setSum(Sum.newBuilder().setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(NumberDataPoint.newBuilder().addAllAttributes(attributes)
                                .setStartTimeUnixNano(point.series().startEpochNanos()).setTimeUnixNano(point.epochNanos())
                                .setAsDouble(point.value())));
                case GAUGE -> metric.setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                        .addAllAttributes(attributes).setTimeUnixNano(point.epochNanos()).setAsDouble(point.value())));
                case HISTOGRAM -> {
                    HistogramDataPoint.Builder data = HistogramDataPoint.newBuilder().addAllAttributes(attributes)
                            .setStartTimeUnixNano(point.series().startEpochNanos()).setTimeUnixNano(point.epochNanos())
                            .setCount(point.count()).setSum(point.sum());
                    for (double bound : point.bounds()) {
                        data.addExplicitBounds(bound);
                    }
                    for (long count : point.bucketCounts()) {
                        data.addBucketCounts(count);
                    }
                    metric.setHistogram(Histogram.newBuilder()
                            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                            .addDataPoints(data));
                }
                case EXPONENTIAL_HISTOGRAM -> {
                    MetricEvent.ExponentialBuckets buckets = point.exponential();
                    ExponentialHistogramDataPoint.Buckets.Builder positive = ExponentialHistogramDataPoint.Buckets.newBuilder()
                            .setOffset(buckets.offset());
                    for (long count : buckets.counts()) {
                        positive.addBucketCounts(count);
                    }
                    metric.setExponentialHistogram(ExponentialHistogram.newBuilder()
                            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                            .addDataPoints(ExponentialHistogramDataPoint.newBuilder().addAllAttributes(attributes)
                                    .setStartTimeUnixNano(point.series().startEpochNanos()).setTimeUnixNano(point.epochNanos())
                                    .setCount(point.count()).setSum(point.sum()).setScale(buckets.scale())
                                    .setZeroCount(buckets.zeroCount()).setPositive(positive)));
                }
                case SUMMARY -> {
                    SummaryDataPoint.Builder data = SummaryDataPoint.newBuilder().addAllAttributes(attributes)
                            .setStartTimeUnixNano(point.series().startEpochNanos()).setTimeUnixNano(point.epochNanos())
                            .setCount(point.count()).setSum(point.sum());
                    MetricEvent.Quantiles quantiles = point.quantiles();
                    for (int q = 0; q < quantiles.quantiles().length; q++) {
                        data.addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder()
                                .setQuantile(quantiles.quantiles()[q]).setValue(quantiles.values()[q]));
                    }
                    metric.setSummary(Summary.newBuilder().addDataPoints(data));
                }
            }
            scope.addMetrics(metric);
        }
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        byResource.forEach((key, scope) -> request.addResourceMetrics(
                ResourceMetrics.newBuilder().setResource(resources.get(key)).addScopeMetrics(scope)));
        return request.build();
    }

    static ExportTraceServiceRequest traces(Batch<?> batch, Map<String, String> resourceAttributes) {
        Map<String, ScopeSpans.Builder> byService = new LinkedHashMap<>();
        List<KeyValue> marker = marker(batch.marker());
        for (SpanEvent span : batch.spans()) {
            ScopeSpans.Builder scope = byService.computeIfAbsent(span.service(), s -> ScopeSpans.newBuilder().setScope(SCOPE));
            Span.Builder built = Span.newBuilder()
                    .setTraceId(ByteString.fromHex(span.traceId()))
                    .setSpanId(ByteString.fromHex(span.spanId()))
                    .setName(span.operation())
                    .setKind(kind(span.kind()))
                    .setStartTimeUnixNano(span.startEpochNanos())
                    .setEndTimeUnixNano(span.endEpochNanos())
                    .addAllAttributes(marker)
                    .addAttributes(integer("moniflux.seq", span.seq()))
                    .setStatus(span.error() ? Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                            .setMessage(span.statusMessage() == null ? "" : span.statusMessage())
                            : Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_UNSET));
            if (span.parentSpanId() != null) {
                built.setParentSpanId(ByteString.fromHex(span.parentSpanId()));
            }
            for (SpanEvent.Event event : span.events()) {
                Span.Event.Builder eventBuilder = Span.Event.newBuilder().setName(event.name()).setTimeUnixNano(event.epochNanos());
                event.attributes().values().forEach((name, value) -> eventBuilder.addAttributes(string(name, value)));
                built.addEvents(eventBuilder);
            }
            for (SpanEvent.Link link : span.links()) {
                built.addLinks(Span.Link.newBuilder().setTraceId(ByteString.fromHex(link.traceId()))
                        .setSpanId(ByteString.fromHex(link.spanId())));
            }
            span.attributes().values().forEach((name, value) -> built.addAttributes(string(name, value)));
            scope.addSpans(built);
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        byService.forEach((service, scope) -> request.addResourceSpans(ResourceSpans.newBuilder()
                .setResource(resource(Map.of("service.name", service), resourceAttributes)).addScopeSpans(scope)));
        return request.build();
    }

    private static Resource resource(Map<String, String> values, Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(values);
        all.putAll(overrides);
        Resource.Builder resource = Resource.newBuilder();
        all.forEach((name, value) -> resource.addAttributes(string(name, value)));
        return resource.build();
    }

    private static List<KeyValue> marker(RunMarker marker) {
        return List.of(string("moniflux.test_id", marker.testID()), string("moniflux.run_id", marker.runID()),
                integer("moniflux.part", marker.part()));
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue integer(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    static SeverityNumber severity(String level) {
        return switch (level) {
            case "TRACE" -> SeverityNumber.SEVERITY_NUMBER_TRACE;
            case "DEBUG" -> SeverityNumber.SEVERITY_NUMBER_DEBUG;
            case "WARN" -> SeverityNumber.SEVERITY_NUMBER_WARN;
            case "ERROR" -> SeverityNumber.SEVERITY_NUMBER_ERROR;
            case "FATAL" -> SeverityNumber.SEVERITY_NUMBER_FATAL;
            default -> SeverityNumber.SEVERITY_NUMBER_INFO;
        };
    }

    private static Span.SpanKind kind(SpanEvent.SpanKind kind) {
        return switch (kind) {
            case SERVER -> Span.SpanKind.SPAN_KIND_SERVER;
            case CLIENT -> Span.SpanKind.SPAN_KIND_CLIENT;
            case PRODUCER -> Span.SpanKind.SPAN_KIND_PRODUCER;
            case CONSUMER -> Span.SpanKind.SPAN_KIND_CONSUMER;
            case INTERNAL -> Span.SpanKind.SPAN_KIND_INTERNAL;
        };
    }
}
