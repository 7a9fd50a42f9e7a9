package io.moniflux.delivery.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.stereotype.Component;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Verifier;
import io.moniflux.telemetry.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a signal's topic back with the official consumer, from the offsets of the run's start to the
 * end the topic had when asked, and counts the run's events: the log records, data points or spans
 * that carry its run marker in an OTLP payload, or the JSON events with its runID.
 */
@Component
class KafkaVerifier implements Verifier {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** How long reading the topic may take before the verification gives up. */
    private static final Duration READING = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AddressPolicy policy;

    KafkaVerifier(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return KafkaDestination.TYPE;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS, Signal.METRICS, Signal.TRACES);
    }

    @Override
    public String describe(Query query) {
        KafkaDestination destination = (KafkaDestination) query.destination();
        return "Kafka topic " + destination.topicOf(query.signal().key()) + " at " + String.join(",", destination.brokers());
    }

    @Override
    public long count(Query query) throws VerificationException {
        KafkaDestination destination = (KafkaDestination) query.destination();
        String topic = destination.topicOf(query.signal().key());
        try {
            KafkaClients.checkBrokers(destination, policy, TIMEOUT);
        } catch (IOException e) {
            throw new VerificationException("cannot reach the Kafka cluster: " + e.getMessage(), e);
        }
        Map<String, Object> config = KafkaClients.connection(destination, TIMEOUT);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "moniflux-verify");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new VerificationException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> since = new HashMap<>();
            long from = query.from().minusSeconds(10).toEpochMilli(); // the producer's clock may be a little behind
            partitions.forEach(partition -> since.put(partition, from));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(since, TIMEOUT);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = start.get(partition);
                consumer.seek(partition, offset == null ? end.get(partition) : offset.offset());
            }
            long count = 0;
            long deadline = System.nanoTime() + READING.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new VerificationException("reading topic " + topic + " took longer than " + READING.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(topic, record.partition()))) {
                        count += events(record.value(), destination.encodingOrDefault(), query.signal(), query.runID());
                    }
                }
            }
            return count;
        } catch (KafkaException e) {
            throw new VerificationException("reading topic " + topic + " failed: " + e.getMessage(), e);
        }
    }

    /** The events of run {@code runID} in one message. */
    static long events(byte[] message, String encoding, Signal signal, String runID) throws VerificationException {
        if (message == null) {
            return 0;
        }
        if (encoding.equals("json")) {
            try {
                JsonNode event = JSON.readTree(message);
                return runID.equals(event.path("runID").asString()) ? 1 : 0;
            } catch (JacksonException e) {
                throw new VerificationException("a message on the topic is not a JSON event");
            }
        }
        Message request = parse(message, encoding.equals("otlp_json"), signal);
        return switch (request) {
            case ExportLogsServiceRequest logs -> logs.getResourceLogsList().stream()
                    .flatMap(resource -> resource.getScopeLogsList().stream()).flatMap(scope -> scope.getLogRecordsList().stream())
                    .filter(log -> ofRun(log.getAttributesList(), runID)).count();
            case ExportTraceServiceRequest traces -> traces.getResourceSpansList().stream()
                    .flatMap(resource -> resource.getScopeSpansList().stream()).flatMap(scope -> scope.getSpansList().stream())
                    .filter(span -> ofRun(span.getAttributesList(), runID)).count();
            case ExportMetricsServiceRequest metrics -> metrics.getResourceMetricsList().stream()
                    .flatMap(resource -> resource.getScopeMetricsList().stream()).flatMap(scope -> scope.getMetricsList().stream())
                    .mapToLong(metric -> pointsOfRun(metric, runID)).sum();
            default -> 0;
        };
    }

    private static Message parse(byte[] message, boolean json, Signal signal) throws VerificationException {
        Message.Builder builder = switch (signal) {
            case LOGS -> ExportLogsServiceRequest.newBuilder();
            case METRICS -> ExportMetricsServiceRequest.newBuilder();
            case TRACES -> ExportTraceServiceRequest.newBuilder();
        };
        try {
            if (json) {
                JsonFormat.parser().ignoringUnknownFields().merge(new String(message, StandardCharsets.UTF_8), builder);
            } else {
                builder.mergeFrom(message);
            }
            return builder.build();
        } catch (InvalidProtocolBufferException e) {
            throw new VerificationException("a message on the topic is not an OTLP " + signal.key() + " export request");
        }
    }

    private static long pointsOfRun(Metric metric, String runID) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsList().stream().filter(p -> ofRun(p.getAttributesList(), runID)).count();
            case SUM -> metric.getSum().getDataPointsList().stream().filter(p -> ofRun(p.getAttributesList(), runID)).count();
            case HISTOGRAM -> metric.getHistogram().getDataPointsList().stream().filter(p -> ofRun(p.getAttributesList(), runID)).count();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsList().stream()
                    .filter(p -> ofRun(p.getAttributesList(), runID)).count();
            case SUMMARY -> metric.getSummary().getDataPointsList().stream().filter(p -> ofRun(p.getAttributesList(), runID)).count();
            default -> 0;
        };
    }

    private static boolean ofRun(List<KeyValue> attributes, String runID) {
        for (KeyValue attribute : attributes) {
            if (attribute.getKey().equals("moniflux.run_id")) {
                return attribute.getValue().getStringValue().equals(runID);
            }
        }
        return false;
    }
}
