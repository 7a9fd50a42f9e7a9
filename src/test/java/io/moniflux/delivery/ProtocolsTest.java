package io.moniflux.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xerial.snappy.Snappy;

import com.google.protobuf.util.JsonFormat;

import io.moniflux.delivery.prometheus.RemoteWrite;
import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Runs;
import io.moniflux.support.Scenario;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import zipkin2.codec.SpanBytesDecoder;

/**
 * Each destination type delivers what the run reports as sent, in its protocol's wire format, decoded
 * here with the protocol's own library.
 */
@FullStackTest
@Tag("receiver")
class ProtocolsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    Api api() {
        return new Api(port);
    }

    @Test
    void otlpHttpSendsProtobufThatOpenTelemetrysClassesDecode() throws Exception {
        try (HttpSink sink = new HttpSink()) {
            Scenario scenario = Scenario.to("otlp", Map.of("type", "otlp-http", "endpoint", sink.url(), "apiKey", "k",
                            "resourceAttributes", Map.of("deployment.environment", "loadtest")))
                    .with("logRate", 10).with("metricsRate", 10).with("traceRate", 10).with("batchSize", 5);
            JsonNode done = scenario.run(api(), Duration.ofSeconds(20));

            List<LogRecord> logs = new ArrayList<>();
            Set<String> logResources = new HashSet<>();
            for (HttpSink.Received request : sink.received("/v1/logs")) {
                assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
                assertThat(request.header("Authorization")).isEqualTo("Bearer k");
                ExportLogsServiceRequest export = ExportLogsServiceRequest.parseFrom(request.body());
                export.getResourceLogsList().forEach(resource -> {
                    assertThat(attribute(resource.getResource().getAttributesList(), "deployment.environment")).isEqualTo("loadtest");
                    logResources.add(attribute(resource.getResource().getAttributesList(), "service.name"));
                    resource.getScopeLogsList().forEach(scope -> logs.addAll(scope.getLogRecordsList()));
                });
            }
            assertThat(logs).hasSize(20).hasSize((int) Scenario.sent(done, "logs"));
            assertThat(Runs.results(done, "logs").has("samples")).as("only metrics have samples").isFalse();
            assertThat(Runs.results(done, "metrics").path("samples").asLong()).isEqualTo(20);
            assertThat(logResources).doesNotContain((String) null);
            assertThat(logs).allSatisfy(log -> {
                assertThat(log.getSeverityText()).isEqualTo("WARN");
                assertThat(log.getSeverityNumberValue()).isEqualTo(13);
                assertThat(log.getBody().getStringValue()).hasSize(64);
                assertThat(log.getTimeUnixNano()).isPositive();
                assertThat(attribute(log.getAttributesList(), "moniflux.run_id")).isEqualTo(scenario.runID());
            });
            assertThat(logs.stream().map(log -> intAttribute(log.getAttributesList(), "moniflux.seq")).toList())
                    .containsExactlyInAnyOrderElementsOf(range(20));

            List<Metric> metrics = new ArrayList<>();
            for (HttpSink.Received request : sink.received("/v1/metrics")) {
                ExportMetricsServiceRequest.parseFrom(request.body()).getResourceMetricsList()
                        .forEach(resource -> resource.getScopeMetricsList().forEach(scope -> metrics.addAll(scope.getMetricsList())));
            }
            assertThat(metrics).hasSize((int) Scenario.sent(done, "metrics")).hasSize(20);
            assertThat(metrics).anySatisfy(metric -> {
                assertThat(metric.hasSum()).isTrue();
                assertThat(metric.getSum().getIsMonotonic()).isTrue();
            });
            assertThat(metrics).anySatisfy(metric -> assertThat(metric.hasGauge()).isTrue());
            assertThat(metrics).filteredOn(Metric::hasHistogram).isNotEmpty().allSatisfy(metric -> {
                var point = metric.getHistogram().getDataPoints(0);
                assertThat(point.getBucketCountsList().stream().mapToLong(Long::longValue).sum()).isEqualTo(point.getCount());
                assertThat(point.getBucketCountsCount()).isEqualTo(point.getExplicitBoundsCount() + 1);
            });

            List<Span> spans = new ArrayList<>();
            for (HttpSink.Received request : sink.received("/v1/traces")) {
                ExportTraceServiceRequest.parseFrom(request.body()).getResourceSpansList()
                        .forEach(resource -> resource.getScopeSpansList().forEach(scope -> spans.addAll(scope.getSpansList())));
            }
            assertThat(spans).hasSize((int) Scenario.sent(done, "traces")).hasSize(20);
            assertThat(spans).allSatisfy(span -> {
                assertThat(span.getTraceId().size()).isEqualTo(16);
                assertThat(span.getSpanId().size()).isEqualTo(8);
                assertThat(span.getEndTimeUnixNano()).isGreaterThan(span.getStartTimeUnixNano());
            });
            assertThat(spans).anySatisfy(span -> assertThat(span.getParentSpanId().size()).isEqualTo(8));
        }
    }

    @Test
    void otlpHttpSendsGzippedJsonWithHexIdsAndIntegerEnums() throws Exception {
        try (HttpSink sink = new HttpSink()) {
            Scenario scenario = Scenario.to("otlp-json", Map.of("type", "otlp-http", "endpoint", sink.url(),
                    "encoding", "json", "compression", "gzip")).with("logRate", 5).with("traceRate", 10).with("batchSize", 5);
            JsonNode done = scenario.run(api(), Duration.ofSeconds(20));

            int spans = 0;
            for (HttpSink.Received request : sink.received("/v1/traces")) {
                assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
                assertThat(request.header("Content-Type")).startsWith("application/json");
                String json = new String(request.decoded(), StandardCharsets.UTF_8);
                assertThat(json).containsPattern("\"traceId\":\"[0-9a-f]{32}\"").containsPattern("\"spanId\":\"[0-9a-f]{16}\"")
                        .containsPattern("\"kind\":[1-5]");
                ExportTraceServiceRequest.Builder decoded = ExportTraceServiceRequest.newBuilder();
                JsonFormat.parser().merge(hexIdsToBase64(json), decoded);
                for (var resource : decoded.getResourceSpansList()) {
                    for (var scope : resource.getScopeSpansList()) {
                        spans += scope.getSpansCount();
                        assertThat(scope.getSpansList()).allSatisfy(span -> assertThat(span.getTraceId().size()).isEqualTo(16));
                    }
                }
            }
            assertThat(spans).isEqualTo(20).isEqualTo((int) Scenario.sent(done, "traces"));
            int logs = 0;
            for (HttpSink.Received request : sink.received("/v1/logs")) {
                ExportLogsServiceRequest.Builder decoded = ExportLogsServiceRequest.newBuilder();
                JsonFormat.parser().merge(new String(request.decoded(), StandardCharsets.UTF_8), decoded);
                logs += decoded.getResourceLogsList().stream().flatMap(r -> r.getScopeLogsList().stream())
                        .mapToInt(s -> s.getLogRecordsCount()).sum();
            }
            assertThat(logs).isEqualTo(10);
        }
    }

    @Test
    void anOtlpPartialSuccessCountsTheRejectedItemsAsFailed() {
        byte[] partial = ExportLogsServiceResponse.newBuilder().setPartialSuccess(
                ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(2).setErrorMessage("too old")).build().toByteArray();
        try (HttpSink sink = new HttpSink().answering(request -> new HttpSink.Answer(200, "application/x-protobuf", partial))) {
            Scenario scenario = Scenario.to("otlp-partial", Map.of("type", "otlp-http", "endpoint", sink.url()))
                    .with("logRate", 10).with("batchSize", 5);
            JsonNode logs = Runs.results(scenario.run(api(), Duration.ofSeconds(20)), "logs");

            assertThat(logs.path("attempted").asLong()).isEqualTo(20);
            assertThat(logs.path("failed").asLong()).as("2 rejected in each of 4 requests").isEqualTo(8);
            assertThat(logs.path("sent").asLong()).isEqualTo(12);
            assertThat(logs.path("errors").path("partial-success").asLong()).isEqualTo(4);
        }
    }

    @Test
    void otlpCarriesEveryMetricKindOneSamplePerDataPoint() throws Exception {
        try (HttpSink sink = new HttpSink()) {
            Scenario scenario = Scenario.to("otlp-kinds", Map.of("type", "otlp-http", "endpoint", sink.url()))
                    .with("metricsRate", 20).with("batchSize", 10).with("payload", Map.of("cardinality", 5,
                            "metricKinds", List.of("gauge", "counter", "histogram", "exponential_histogram", "summary")));
            JsonNode done = scenario.run(api(), Duration.ofSeconds(20));

            List<Metric> metrics = new ArrayList<>();
            for (HttpSink.Received request : sink.received("/v1/metrics")) {
                ExportMetricsServiceRequest.parseFrom(request.body()).getResourceMetricsList()
                        .forEach(resource -> resource.getScopeMetricsList().forEach(scope -> metrics.addAll(scope.getMetricsList())));
            }
            assertThat(metrics).hasSize(40).hasSize((int) Scenario.sent(done, "metrics"));
            assertThat(Runs.results(done, "metrics").path("samples").asLong()).as("one data point, one sample").isEqualTo(40);
            assertThat(metrics).filteredOn(Metric::hasExponentialHistogram).hasSize(8).allSatisfy(metric -> {
                var point = metric.getExponentialHistogram().getDataPoints(0);
                assertThat(point.getScale()).isEqualTo(2);
                assertThat(point.getPositive().getBucketCountsList().stream().mapToLong(Long::longValue).sum()
                        + point.getZeroCount()).isEqualTo(point.getCount());
                assertThat(metric.getUnit()).isEqualTo("By");
            });
            assertThat(metrics).filteredOn(Metric::hasSummary).hasSize(8).allSatisfy(metric -> {
                var point = metric.getSummary().getDataPoints(0);
                assertThat(point.getQuantileValuesList()).extracting(q -> q.getQuantile()).containsExactly(0.5, 0.9, 0.99);
                assertThat(point.getCount()).isPositive();
            });
            assertThat(metrics).filteredOn(Metric::hasHistogram).hasSize(8);
            assertThat(metrics).filteredOn(Metric::hasGauge).hasSize(8);
            assertThat(metrics).filteredOn(Metric::hasSum).hasSize(8);
        }
    }

    @Test
    void otlpSpansCarryTheirEventsLinksAndErrorStatus() throws Exception {
        try (HttpSink sink = new HttpSink()) {
            Scenario scenario = Scenario.to("otlp-shapes", Map.of("type", "otlp-http", "endpoint", sink.url()))
                    .with("traceRate", 70).with("batchSize", 35).with("payload", Map.of("seed", 3,
                            "traces", Map.of("depth", 1, "breadth", 6, "errorRatio", 0.5, "spanEvents", 1, "linkRatio", 1)));
            JsonNode done = scenario.run(api(), Duration.ofSeconds(20));

            List<Span> spans = new ArrayList<>();
            for (HttpSink.Received request : sink.received("/v1/traces")) {
                ExportTraceServiceRequest.parseFrom(request.body()).getResourceSpansList()
                        .forEach(resource -> resource.getScopeSpansList().forEach(scope -> spans.addAll(scope.getSpansList())));
            }
            assertThat(spans).hasSize((int) Scenario.sent(done, "traces")).hasSize(140);
            assertThat(spans).filteredOn(span -> span.getParentSpanId().isEmpty()).as("a root and 6 calls per trace").hasSize(20)
                    .filteredOn(span -> span.getLinksCount() == 1).hasSize(19);
            assertThat(spans).filteredOn(span -> span.getStatus().getCodeValue() == 2).isNotEmpty().allSatisfy(span -> {
                assertThat(span.getStatus().getMessage()).isNotBlank();
                assertThat(span.getEventsList()).anySatisfy(event -> {
                    assertThat(event.getName()).isEqualTo("exception");
                    assertThat(event.getAttributesList()).extracting(KeyValue::getKey).contains("exception.type", "exception.stacktrace");
                });
            });
            assertThat(spans).allSatisfy(span -> assertThat(span.getEventsCount()).isPositive());
        }
    }

    @Test
    void prometheusSummariesAreQuantileSeriesASumAndACountAndTheResultsCountTheirSamples() throws Exception {
        try (HttpSink sink = new HttpSink().answering(204)) {
            Scenario scenario = Scenario.to("prw-summary", Map.of("type", "prometheus-remote-write", "endpoint", sink.url()))
                    .with("metricsRate", 20).with("batchSize", 10)
                    .with("payload", Map.of("cardinality", 4, "metricKinds", List.of("gauge", "summary")));
            JsonNode done = scenario.run(api(), Duration.ofSeconds(20));

            Map<String, Integer> byName = new HashMap<>();
            for (HttpSink.Received request : sink.received("/api/v1/write")) {
                RemoteWrite.WriteRequest write = RemoteWrite.WriteRequest.parseFrom(Snappy.uncompress(request.body()));
                for (RemoteWrite.TimeSeries series : write.getTimeseriesList()) {
                    String name = label(series, "__name__");
                    String quantile = label(series, "quantile");
                    byName.merge(quantile.isEmpty() ? name : name + "{quantile=" + quantile + "}", series.getSamplesCount(), Integer::sum);
                }
            }
            // 4 series in turn: a CPU gauge, a summary, a queue gauge and a second CPU gauge; 40 points, 10 of each
            assertThat(byName).containsEntry("queue_messages", 10).containsEntry("process_cpu_utilization_ratio", 20)
                    .containsEntry("rpc_server_duration_seconds{quantile=0.99}", 10)
                    .containsEntry("rpc_server_duration_seconds_sum", 10).containsEntry("rpc_server_duration_seconds_count", 10);
            int wire = byName.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(wire).as("a gauge point one sample, a summary point 3 quantiles, a sum and a count").isEqualTo(30 + 10 * 5);
            assertThat(Scenario.sent(done, "metrics")).isEqualTo(40);
            assertThat(Runs.results(done, "metrics").path("samples").asLong()).isEqualTo(wire);
        }
    }

    @Test
    void prometheusRemoteWriteSendsSnappyProtobufWithTheRemoteWriteHeaders() throws Exception {
        try (HttpSink sink = new HttpSink().answering(204)) {
            Scenario scenario = Scenario.to("prw", Map.of("type", "prometheus-remote-write", "endpoint", sink.url()))
                    .with("metricsRate", 20).with("batchSize", 10).with("payload", Map.of("cardinality", 5));
            JsonNode done = scenario.run(api(), Duration.ofSeconds(20));

            Map<String, Double> lastCounterValue = new HashMap<>();
            Map<String, Long> lastTimestamp = new HashMap<>();
            int samples = 0;
            for (HttpSink.Received request : sink.received("/api/v1/write")) {
                assertThat(request.header("Content-Encoding")).isEqualTo("snappy");
                assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
                assertThat(request.header("X-Prometheus-Remote-Write-Version")).isEqualTo("0.1.0");
                RemoteWrite.WriteRequest write = RemoteWrite.WriteRequest.parseFrom(Snappy.uncompress(request.body()));
                for (RemoteWrite.TimeSeries series : write.getTimeseriesList()) {
                    List<String> names = series.getLabelsList().stream().map(RemoteWrite.Label::getName).toList();
                    assertThat(names).contains("__name__", "moniflux_run", "service").isSorted();
                    String key = series.getLabelsList().toString();
                    for (RemoteWrite.Sample sample : series.getSamplesList()) {
                        samples++;
                        Long previous = lastTimestamp.put(key, sample.getTimestamp());
                        if (previous != null) {
                            assertThat(sample.getTimestamp()).as("samples of a series in order").isGreaterThan(previous);
                        }
                        if (label(series, "__name__").equals("http_server_requests_total")) {
                            Double value = lastCounterValue.put(key, sample.getValue());
                            if (value != null) {
                                assertThat(sample.getValue()).isGreaterThan(value);
                            }
                        }
                    }
                }
            }
            long points = Scenario.sent(done, "metrics");
            assertThat(points).isEqualTo(40);
            // 5 series, one a histogram (12 bucket samples, a sum and a count per point), the others 1 sample each
            assertThat(samples).isEqualTo(8 * 14 + 32);
            assertThat(Runs.results(done, "metrics").path("samples").asLong()).as("the results count what went on the wire")
                    .isEqualTo(samples);
        }
    }

    @Test
    void lokiGetsStreamsWithTheTenantHeader() {
        try (HttpSink sink = new HttpSink().answering(204)) {
            Scenario scenario = Scenario.to("loki", Map.of("type", "loki", "endpoint", sink.url(), "tenant", "team-a",
                    "compression", "gzip")).with("logRate", 20).with("batchSize", 10).with("logType", "MIXED");
            JsonNode done = scenario.run(api(), Duration.ofSeconds(20));

            int lines = 0;
            Set<Long> seqs = new HashSet<>();
            for (HttpSink.Received request : sink.received("/loki/api/v1/push")) {
                assertThat(request.header("X-Scope-OrgID")).isEqualTo("team-a");
                JsonNode push = JSON.readTree(request.decoded());
                for (JsonNode stream : push.path("streams")) {
                    assertThat(stream.path("stream").path("service_name").asString()).isNotBlank();
                    assertThat(stream.path("stream").path("level").asString()).isIn("info", "debug", "warn", "error");
                    assertThat(stream.path("stream").path("moniflux_run").asString()).isEqualTo(scenario.runID());
                    for (JsonNode value : stream.path("values")) {
                        lines++;
                        assertThat(value.get(0).asString()).matches("\\d{19}");
                        JsonNode line = JSON.readTree(value.get(1).asString());
                        assertThat(line.path("message").asString()).hasSize(64);
                        seqs.add(line.path("seq").asLong());
                    }
                }
            }
            assertThat(lines).isEqualTo(40).isEqualTo((int) Scenario.sent(done, "logs"));
            assertThat(seqs).hasSize(40);
        }
    }

    @Test
    void elasticsearchBulkCountsFailedItemsAsFailed() {
        try (HttpSink sink = new HttpSink().answering(request -> new HttpSink.Answer(200, "application/json", bulkAnswer(request)))) {
            Scenario scenario = Scenario.to("es", Map.of("type", "elasticsearch", "endpoint", sink.url(), "apiKey", "es-key",
                    "index", "loadtest-logs")).with("logRate", 20).with("traceRate", 10).with("batchSize", 10);
            JsonNode done = scenario.run(api(), Duration.ofSeconds(20));

            List<HttpSink.Received> requests = sink.received("/_bulk");
            assertThat(requests).allSatisfy(request -> {
                assertThat(request.header("Authorization")).isEqualTo("ApiKey es-key");
                assertThat(request.header("Content-Type")).startsWith("application/x-ndjson");
            });
            long logDocuments = requests.stream().flatMap(r -> r.text().lines()).filter(l -> l.contains("\"message\"")).count();
            assertThat(logDocuments).isEqualTo(40);
            assertThat(requests.stream().flatMap(r -> r.text().lines()).filter(l -> l.startsWith("{\"create\""))
                    .filter(l -> l.contains("\"_index\":\"loadtest-logs\"")).count()).as("logs and spans into the index named").isEqualTo(60);
            JsonNode logs = Runs.results(done, "logs");
            // every bulk answer refuses its first item with 429
            assertThat(logs.path("failed").asLong()).isEqualTo(4);
            assertThat(logs.path("sent").asLong()).isEqualTo(36);
            assertThat(logs.path("errors").path("bulk-item-errors").asLong()).isEqualTo(4);
            assertThat(Scenario.sent(done, "traces")).isEqualTo(18);
        }
    }

    @Test
    void splunkHecGetsEventsAndMetricEventsWithTheSplunkToken() throws Exception {
        try (HttpSink sink = new HttpSink()) {
            Scenario scenario = Scenario.to("hec", Map.of("type", "splunk-hec", "endpoint", sink.url(), "apiKey", "hec-token",
                    "index", "main")).with("logRate", 10).with("metricsRate", 10).with("batchSize", 5);
            JsonNode done = scenario.run(api(), Duration.ofSeconds(20));

            int logEvents = 0;
            int metricEvents = 0;
            for (HttpSink.Received request : sink.received("/services/collector/event")) {
                assertThat(request.header("Authorization")).isEqualTo("Splunk hec-token");
                try (MappingIterator<JsonNode> events = JSON.readerFor(JsonNode.class).readValues(request.body())) {
                    while (events.hasNext()) {
                        JsonNode event = events.next();
                        assertThat(event.path("time").asDouble()).isGreaterThan(1.7e9);
                        assertThat(event.path("index").asString()).isEqualTo("main");
                        if (event.path("event").isObject()) {
                            logEvents++;
                            assertThat(event.path("event").path("message").asString()).hasSize(64);
                        } else {
                            metricEvents++;
                            assertThat(event.path("event").asString()).isEqualTo("metric");
                            assertThat(event.path("fields").propertyNames().stream().anyMatch(n -> n.startsWith("metric_name:"))).isTrue();
                        }
                    }
                }
            }
            assertThat(logEvents).isEqualTo(20).isEqualTo((int) Scenario.sent(done, "logs"));
            assertThat(metricEvents).isEqualTo(20).isEqualTo((int) Scenario.sent(done, "metrics"));
        }
    }

    @Test
    void zipkinGetsV2JsonThatZipkinsCodecDecodes() {
        try (HttpSink sink = new HttpSink().answering(202)) {
            Scenario scenario = Scenario.to("zipkin", Map.of("type", "zipkin", "endpoint", sink.url()))
                    .with("traceRate", 20).with("batchSize", 10);
            JsonNode done = scenario.run(api(), Duration.ofSeconds(20));

            List<zipkin2.Span> spans = new ArrayList<>();
            for (HttpSink.Received request : sink.received("/api/v2/spans")) {
                spans.addAll(SpanBytesDecoder.JSON_V2.decodeList(request.body()));
            }
            assertThat(spans).hasSize(40).hasSize((int) Scenario.sent(done, "traces"));
            assertThat(spans).allSatisfy(span -> {
                assertThat(span.traceId()).hasSize(32);
                assertThat(span.id()).hasSize(16);
                assertThat(span.localServiceName()).isNotBlank();
                assertThat(span.tags()).containsEntry("moniflux.run_id", scenario.runID());
            });
        }
    }

    @Test
    void influxGetsLineProtocolWithTheDatabaseInTheQuery() {
        try (HttpSink sink = new HttpSink().answering(204)) {
            Scenario scenario = Scenario.to("influx", Map.of("type", "influx", "endpoint", sink.url(), "database", "loadtests"))
                    .with("metricsRate", 20).with("batchSize", 10);
            JsonNode done = scenario.run(api(), Duration.ofSeconds(20));

            List<String> lines = sink.received("/write").stream().peek(r -> assertThat(r.query()).contains("db=loadtests"))
                    .flatMap(r -> r.text().lines()).toList();
            assertThat(lines).hasSize(40).hasSize((int) Scenario.sent(done, "metrics"));
            assertThat(lines).allSatisfy(line -> assertThat(line).matches("[a-z_]+(,[^ ]+)+ [^ ]+ \\d{19}").contains("moniflux_run=" + scenario.runID()));
        }
    }

    @Test
    void aSignalTheTypeCannotCarryIsRefusedNamingSignalAndType() {
        Api.Response response = api().post("/create-test", Scenario.to("refused",
                Map.of("type", "prometheus-remote-write", "endpoint", "http://127.0.0.1:9")).with("metricsRate", 5).with("traceRate", 5)
                .definition());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("detail").asString()).contains("prometheus-remote-write").contains("cannot carry traces");
    }

    @Test
    void optionsOfAnotherTypeAndHostileHeadersAreRefused() {
        Map<String, Object> loki = Map.of("type", "loki", "endpoint", "http://127.0.0.1:9", "index", "logs");
        Api.Response wrongOption = api().post("/create-test", Scenario.to("opt", loki).with("logRate", 5).definition());
        assertThat(wrongOption.status()).isEqualTo(400);
        assertThat(wrongOption.json().path("detail").asString()).contains("index does not apply to destination type 'loki'");

        Map<String, Object> injected = Map.of("type", "http", "endpoint", "http://127.0.0.1:9",
                "headers", Map.of("X-Team", "a\r\nX-Evil: 1"));
        assertThat(api().post("/create-test", Scenario.to("inj", injected).with("logRate", 5).definition()).status()).isEqualTo(400);
        Map<String, Object> reserved = Map.of("type", "http", "endpoint", "http://127.0.0.1:9", "headers", Map.of("Host", "other"));
        assertThat(api().post("/create-test", Scenario.to("host", reserved).with("logRate", 5).definition()).status()).isEqualTo(400);
        Map<String, Object> syslog = Map.of("type", "syslog", "endpoint", "127.0.0.1:514", "facility", 30);
        assertThat(api().post("/create-test", Scenario.to("fac", syslog).with("logRate", 5).definition()).code())
                .isEqualTo("invalid-destination");
    }

    @Test
    void extraHeadersAreSentAndTheirValuesMaskedInResponses() {
        try (HttpSink sink = new HttpSink()) {
            Scenario scenario = Scenario.to("headers", Map.of("endpoint", sink.url(), "headers", Map.of("X-Team", "obs",
                    "Authorization", "Basic c2VjcmV0"))).with("logRate", 2);
            JsonNode done = scenario.run(api(), Duration.ofSeconds(20));

            assertThat(sink.received("/logs")).allSatisfy(request -> {
                assertThat(request.header("X-Team")).isEqualTo("obs");
                assertThat(request.header("Authorization")).isEqualTo("Basic c2VjcmV0");
            });
            assertThat(done.path("destination").path("headers").path("Authorization").asString()).isEqualTo("****");
            assertThat(done.toString()).doesNotContain("c2VjcmV0");
        }
    }

    private static byte[] bulkAnswer(HttpSink.Received request) {
        long items = request.text().lines().filter(line -> line.startsWith("{\"create\"")).count();
        StringBuilder answer = new StringBuilder("{\"took\":3,\"errors\":true,\"items\":[");
        for (int i = 0; i < items; i++) {
            answer.append(i == 0 ? "" : ",").append("{\"create\":{\"_index\":\"x\",\"status\":")
                    .append(i == 0 ? "429,\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"busy\"}" : "201")
                    .append("}}");
        }
        return answer.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(a -> a.getKey().equals(key)).map(a -> a.getValue().getStringValue()).findFirst().orElse(null);
    }

    private static long intAttribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(a -> a.getKey().equals(key)).mapToLong(a -> a.getValue().getIntValue()).findFirst().orElse(-1);
    }

    private static String label(RemoteWrite.TimeSeries series, String name) {
        return series.getLabelsList().stream().filter(l -> l.getName().equals(name)).map(RemoteWrite.Label::getValue)
                .findFirst().orElse("");
    }

    private static List<Long> range(int n) {
        List<Long> values = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            values.add(i);
        }
        return values;
    }

    /** OTLP/JSON writes ids as hex; protobuf's JSON parser reads bytes as base64. */
    private static String hexIdsToBase64(String json) {
        Matcher ids = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([0-9a-f]*)\"").matcher(json);
        return ids.replaceAll(m -> "\"" + m.group(1) + "\":\"" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(m.group(2))) + "\"");
    }
}
