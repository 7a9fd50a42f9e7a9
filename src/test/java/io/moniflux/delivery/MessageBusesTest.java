package io.moniflux.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.Scenario;
import io.moniflux.support.receivers.NatsServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StorageType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivery to real message buses started on 127.0.0.1, read back with their official clients: every
 * event the run counts as sent arrives, once, with its run marker and seq.
 */
@FullStackTest
@Tag("receiver")
class MessageBusesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static NatsServer nats;
    private static EmbeddedKafkaKraftBroker kafka;

    @LocalServerPort
    int port;

    @AfterAll
    static void stopServers() {
        if (nats != null) {
            nats.close();
        }
        if (kafka != null) {
            kafka.destroy();
        }
    }

    /** A real Apache Kafka broker in KRaft mode, in this JVM, its topics made with 3 partitions. */
    private static String kafka() {
        if (kafka == null) {
            kafka = new EmbeddedKafkaKraftBroker(1, 3, "otlp_logs", "otlp_metrics", "otlp_spans", "events.logs", "events.traces");
            kafka.afterPropertiesSet();
        }
        return kafka.getBrokersAsString();
    }

    /** Every message of a topic, from its beginning to its end now. */
    private static List<ConsumerRecord<byte[], byte[]>> read(String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static String attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(a -> a.getKey().equals(key)).map(a -> a.getValue().getStringValue()).findFirst().orElse(null);
    }

    private static NatsServer nats() {
        if (nats == null) {
            nats = new NatsServer();
        }
        return nats;
    }

    @Test
    void natsSubscribersGetEveryEventOfEverySignalAsJson() throws Exception {
        Map<String, Set<Long>> seqs = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        try (Connection subscriber = Nats.connect(nats().url())) {
            Scenario scenario = Scenario.to("nats", Map.of("type", "nats", "endpoint", nats().url(), "subject", "pipeline.{signal}"))
                    .with("logRate", 20).with("metricsRate", 20).with("traceRate", 20).with("batchSize", 10);
            Dispatcher dispatcher = subscriber.createDispatcher(message -> {
                JsonNode event = JSON.readTree(message.getData());
                if (!scenario.runID().equals(event.path("runID").asString())) {
                    return;
                }
                boolean fresh = seqs.computeIfAbsent(message.getSubject(), s -> ConcurrentHashMap.newKeySet()).add(event.path("seq").asLong());
                if (!fresh) {
                    problems.add("seq " + event.path("seq") + " twice on " + message.getSubject());
                }
            });
            dispatcher.subscribe("pipeline.>");
            subscriber.flush(Duration.ofSeconds(5));

            JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(30));

            for (String signal : List.of("logs", "metrics", "traces")) {
                long sent = Scenario.sent(done, signal);
                assertThat(sent).as(signal).isEqualTo(40);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(seqs.getOrDefault("pipeline." + signal, Set.of())).as(signal).hasSize((int) sent));
            }
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void natsTakesManyBatchesInFlightAtOnceWithoutRefusingAny() {
        // 64 batches of 500 published at once overflowed the client's queue of 5,000 ("Output queue is full")
        Scenario scenario = Scenario.to("nats-busy", Map.of("type", "nats", "endpoint", nats().url()))
                .with("logRate", 50_000).with("duration", 2).with("batchSize", 500).with("maxInFlight", 64);
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(60));
        JsonNode logs = done.path("progress").path("results").path("logs");
        assertThat(logs.path("failed").asLong()).as(logs.toString()).isZero();
        assertThat(logs.path("sent").asLong()).isPositive();
    }

    @Test
    void natsJetStreamCountsAnEventAsSentOnceItsStreamAcknowledgedIt() throws Exception {
        try (Connection admin = Nats.connect(nats().url())) {
            JetStreamManagement streams = admin.jetStreamManagement();
            streams.addStream(StreamConfiguration.builder().name("MONIFLUX").subjects("acked.>").storageType(StorageType.File).build());

            Scenario scenario = Scenario.to("nats-js", Map.of("type", "nats", "endpoint", nats().url(), "subject", "acked.{signal}",
                    "jetStream", true)).with("logRate", 50).with("duration", 2).with("batchSize", 25);
            JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(30));

            assertThat(Scenario.sent(done, "logs")).isEqualTo(100);
            assertThat(streams.getStreamInfo("MONIFLUX").getStreamState().getMsgCount()).isEqualTo(100);

            // no stream listens on this subject: JetStream answers no-responders, and nothing counts as sent
            Scenario unheard = Scenario.to("nats-js-none", Map.of("type", "nats", "endpoint", nats().url(), "subject", "nobody.{signal}",
                    "jetStream", true)).with("logRate", 10).with("duration", 1).with("batchSize", 5);
            JsonNode refused = unheard.run(new Api(port), Duration.ofSeconds(30));
            assertThat(Scenario.sent(refused, "logs")).isZero();
            assertThat(refused.path("progress").path("results").path("logs").path("failed").asLong()).isEqualTo(10);
        }
    }

    @Test
    void kafkaTopicsHoldOtlpExportRequestsAsTheCollectorsReceiverReadsThem() throws Exception {
        Scenario scenario = Scenario.to("kafka-otlp", Map.of("type", "kafka", "endpoint", kafka(), "compression", "zstd"))
                .with("logRate", 40).with("metricsRate", 40).with("traceRate", 40).with("duration", 2).with("batchSize", 20)
                .with("payload", Map.of("metricKinds", List.of("gauge", "counter", "histogram", "exponential_histogram", "summary")))
                .with("verify", Map.of("settle", 1));
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(30));

        List<Long> logSeqs = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : read("otlp_logs")) {
            ExportLogsServiceRequest.parseFrom(record.value()).getResourceLogsList().forEach(resource -> resource.getScopeLogsList()
                    .forEach(scope -> scope.getLogRecordsList().stream()
                            .filter(log -> scenario.runID().equals(attribute(log.getAttributesList(), "moniflux.run_id")))
                            .forEach(log -> logSeqs.add(log.getAttributesList().stream().filter(a -> a.getKey().equals("moniflux.seq"))
                                    .findFirst().orElseThrow().getValue().getIntValue()))));
        }
        assertThat(Scenario.sent(done, "logs")).isEqualTo(80);
        assertThat(logSeqs).hasSize(80).doesNotHaveDuplicates();
        long points = 0;
        for (ConsumerRecord<byte[], byte[]> record : read("otlp_metrics")) {
            points += ExportMetricsServiceRequest.parseFrom(record.value()).getResourceMetricsList().stream()
                    .flatMap(resource -> resource.getScopeMetricsList().stream()).mapToLong(scope -> scope.getMetricsCount()).sum();
        }
        assertThat(points).isEqualTo(Scenario.sent(done, "metrics")).isEqualTo(80);
        long spans = 0;
        for (ConsumerRecord<byte[], byte[]> record : read("otlp_spans")) {
            spans += ExportTraceServiceRequest.parseFrom(record.value()).getResourceSpansList().stream()
                    .flatMap(resource -> resource.getScopeSpansList().stream()).mapToLong(scope -> scope.getSpansCount()).sum();
        }
        assertThat(spans).isEqualTo(Scenario.sent(done, "traces")).isEqualTo(80);

        Api api = new Api(port);
        await().atMost(Duration.ofSeconds(60)).until(() -> !List.of("", "pending").contains(api.get("/tests/" + scenario.testID()
                + "/runs/" + scenario.runID()).json().path("verification").path("status").asString()));
        JsonNode verification = api.get("/tests/" + scenario.testID() + "/runs/" + scenario.runID()).json().path("verification");
        assertThat(verification.path("status").asString()).as(verification.toString()).isEqualTo("verified");
        for (String signal : List.of("logs", "metrics", "traces")) {
            assertThat(verification.path("signals").path(signal).path("verified").asLong()).as(signal).isEqualTo(80);
        }
    }

    @Test
    void kafkaJsonEventsAreOneMessageEachKeyedByTheRunMarker() {
        Scenario scenario = Scenario.to("kafka-json", Map.of("type", "kafka", "endpoint", kafka(), "topic", "events.{signal}",
                        "encoding", "json", "key", "run", "compression", "lz4", "acks", "1"))
                .with("logRate", 50).with("traceRate", 20).with("duration", 2).with("batchSize", 10);
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(30));

        List<ConsumerRecord<byte[], byte[]>> logs = read("events.logs").stream()
                .filter(record -> scenario.runID().equals(JSON.readTree(record.value()).path("runID").asString())).toList();
        assertThat(logs).hasSize((int) Scenario.sent(done, "logs")).hasSize(100);
        assertThat(logs.stream().map(record -> JSON.readTree(record.value()).path("seq").asLong())).doesNotHaveDuplicates();
        assertThat(logs.stream().map(record -> new String(record.key(), StandardCharsets.UTF_8)).distinct())
                .containsExactly(scenario.testID() + "/" + scenario.runID() + "/0");
        assertThat(logs.stream().map(ConsumerRecord::partition).distinct()).as("one key, one partition").hasSize(1);
        assertThat(read("events.traces").stream()
                .filter(record -> scenario.runID().equals(JSON.readTree(record.value()).path("runID").asString()))).hasSize(40);
    }

    @Test
    void aKafkaClusterThatCannotBeReachedFailsEveryBatchAndTheRunEndsOnTime() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Scenario scenario = Scenario.to("kafka-down", Map.of("type", "kafka", "endpoint", "127.0.0.1:" + closed))
                .with("logRate", 10).with("duration", 1).with("batchSize", 5);
        long started = System.nanoTime();
        JsonNode done = scenario.run(new Api(port), Duration.ofSeconds(60));

        JsonNode logs = done.path("progress").path("results").path("logs");
        assertThat(logs.path("sent").asLong()).isZero();
        assertThat(logs.path("failed").asLong() + logs.path("missed").asLong()).isEqualTo(10);
        assertThat(logs.path("errors").toString()).contains("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the connect and request timeouts")
                .isLessThan(Duration.ofSeconds(40));
    }
}
