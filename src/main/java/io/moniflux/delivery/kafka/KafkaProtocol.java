package io.moniflux.delivery.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.stereotype.Component;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.Protocol;
import io.moniflux.delivery.http.Failures;
import io.moniflux.delivery.json.GoJsonEncoder;
import io.moniflux.delivery.otlp.OtlpPayloads;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.MetricKind;
import io.moniflux.telemetry.Signal;

/**
 * Kafka through the official producer. With an OTLP encoding a batch is one message, the export
 * request the Collector's kafka receiver decodes; with {@code json} each event is one message. An event
 * counts as sent once the broker acknowledged its message as {@code acks} asks ({@code 0}: once written
 * to the socket).
 */
@Component
class KafkaProtocol implements Protocol<KafkaDestination> {

    /** Kafka's legal topic names. */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    private final AddressPolicy policy;

    KafkaProtocol(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return KafkaDestination.TYPE;
    }

    @Override
    public Class<KafkaDestination> destinationType() {
        return KafkaDestination.class;
    }

    @Override
    public int defaultPort() {
        return KafkaDestination.DEFAULT_PORT;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS, Signal.METRICS, Signal.TRACES);
    }

    /** {@inheritDoc} Here: OTLP and the JSON events carry every kind. */
    @Override
    public Set<MetricKind> metricKinds() {
        return ALL_METRIC_KINDS;
    }

    @Override
    public int defaultBatchSize() {
        return 500;
    }

    @Override
    public Endpoint endpoint(KafkaDestination destination) {
        return KafkaClients.brokers(destination).getFirst();
    }

    @Override
    public List<Endpoint> endpoints(KafkaDestination destination) {
        return KafkaClients.brokers(destination);
    }

    @Override
    public List<DestinationProblem> check(KafkaDestination destination) {
        List<DestinationProblem> problems = new ArrayList<>();
        if (destination.apiKey() != null) {
            problems.add(new DestinationProblem("destination.apiKey", "Kafka authenticates with SASL: give sasl, user and password"));
        }
        try {
            for (Endpoint broker : KafkaClients.brokers(destination)) {
                if (!"kafka".equals(broker.scheme()) || !broker.basePath().isEmpty()) {
                    problems.add(new DestinationProblem("destination.endpoint", "bootstrap brokers are host:port, separated by commas"));
                }
            }
            if (destination.brokers().size() > 16) {
                problems.add(new DestinationProblem("destination.endpoint", "give at most 16 bootstrap brokers"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new DestinationProblem("destination.endpoint", e.getMessage()));
        }
        for (String signal : List.of("logs", "metrics", "traces")) {
            if (!TOPIC.matcher(destination.topicOf(signal)).matches()) {
                problems.add(new DestinationProblem("destination.topic",
                        "a topic is 1 to 249 letters, digits, '.', '_' or '-' ({signal} is replaced by the signal)"));
                break;
            }
        }
        DestinationProblem.oneOf(problems, "encoding", destination.encoding(), KafkaDestination.ENCODINGS);
        DestinationProblem.oneOf(problems, "key", destination.key(), List.of("none", "run"));
        DestinationProblem.oneOf(problems, "acks", destination.acks(), List.of("all", "1", "0"));
        DestinationProblem.oneOf(problems, "compression", destination.compression(), KafkaDestination.COMPRESSIONS);
        DestinationProblem.oneOf(problems, "sasl", destination.sasl(), KafkaDestination.SASL_MECHANISMS);
        if (destination.lingerMs() != null && (destination.lingerMs() < 0 || destination.lingerMs() > 10_000)) {
            problems.add(new DestinationProblem("destination.lingerMs", "lingerMs must be 0 to 10000"));
        }
        if (destination.batchBytes() != null && (destination.batchBytes() < 1 || destination.batchBytes() > 16 * 1024 * 1024)) {
            problems.add(new DestinationProblem("destination.batchBytes", "batchBytes must be 1 to 16777216"));
        }
        if ((destination.sasl() != null) != (destination.user() != null && destination.password() != null)) {
            problems.add(new DestinationProblem("destination.sasl", "give sasl, user and password together"));
        }
        if (destination.tls() != null && destination.tls().insecure()) {
            problems.add(new DestinationProblem("destination.tls", "the Kafka client cannot skip verification: give tls.caCertificate"));
        }
        return problems;
    }

    @Override
    public Channel open(KafkaDestination destination, Signal signal, ChannelSettings settings) {
        return new KafkaChannel(destination, signal, policy, settings);
    }

    /** One producer per signal stream, made on the first batch once the brokers passed the address policy. */
    private static final class KafkaChannel implements Channel {

        private final KafkaDestination destination;
        private final Signal signal;
        private final String topic;
        private final AddressPolicy policy;
        private final ChannelSettings settings;
        private KafkaProducer<byte[], byte[]> producer;
        private IOException refusal;
        private boolean closed;

        KafkaChannel(KafkaDestination destination, Signal signal, AddressPolicy policy, ChannelSettings settings) {
            this.destination = destination;
            this.signal = signal;
            this.topic = destination.topicOf(signal.key());
            this.policy = policy;
            this.settings = settings;
        }

        @Override
        public DeliveryResult send(Batch<?> batch) {
            KafkaProducer<byte[], byte[]> current;
            try {
                current = producer();
            } catch (IOException e) {
                return DeliveryResult.failed(batch.size(), 0, Failures.classify(e), 0);
            }
            byte[] key = destination.keyedByRun() ? (batch.marker().testID() + "/" + batch.marker().runID() + "/"
                    + batch.marker().part()).getBytes(StandardCharsets.UTF_8) : null;
            return switch (destination.encodingOrDefault()) {
                case "json" -> sendEach(current, key, GoJsonEncoder.objects(batch, 256));
                case "otlp_json" -> sendWhole(current, key, batch, OtlpPayloads.json(batch, destination.resourceAttributes()));
                default -> sendWhole(current, key, batch, OtlpPayloads.protobuf(batch, destination.resourceAttributes()));
            };
        }

        private DeliveryResult sendWhole(KafkaProducer<byte[], byte[]> current, byte[] key, Batch<?> batch, byte[] message) {
            try {
                Future<RecordMetadata> ack = current.send(new ProducerRecord<>(topic, key, message));
                ack.get(deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
                return DeliveryResult.accepted(batch.size(), 0, message.length);
            } catch (ExecutionException e) {
                return DeliveryResult.failed(batch.size(), 0, classify(e.getCause()), message.length);
            } catch (KafkaException e) {
                return DeliveryResult.failed(batch.size(), 0, classify(e), message.length);
            } catch (TimeoutException e) {
                return DeliveryResult.failed(batch.size(), 0, "timeout", message.length);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DeliveryResult.failed(batch.size(), 0, "aborted", message.length);
            }
        }

        private DeliveryResult sendEach(KafkaProducer<byte[], byte[]> current, byte[] key, List<byte[]> messages) {
            long bytes = 0;
            List<Future<RecordMetadata>> acks = new ArrayList<>(messages.size());
            String error = null;
            try {
                for (byte[] message : messages) {
                    bytes += message.length;
                    acks.add(current.send(new ProducerRecord<>(topic, key, message)));
                }
            } catch (KafkaException e) {
                error = classify(e);
            }
            long deadline = System.nanoTime() + deliveryTimeout().toNanos();
            int accepted = 0;
            for (Future<RecordMetadata> ack : acks) {
                try {
                    ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    accepted++;
                } catch (ExecutionException e) {
                    error = classify(e.getCause());
                } catch (TimeoutException e) {
                    error = "timeout";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    error = "aborted";
                    break;
                }
            }
            return new DeliveryResult(accepted, messages.size() - accepted, 0, error, bytes);
        }

        private String classify(Throwable failure) {
            if (isClosed()) {
                return "aborted";
            }
            return switch (failure) {
                case org.apache.kafka.common.errors.TimeoutException timeout -> "timeout";
                case RecordTooLargeException tooLarge -> "kafka-record-too-large";
                case AuthenticationException denied -> "kafka-authentication";
                case AuthorizationException denied -> "kafka-authorization";
                case KafkaException other -> "kafka-" + other.getClass().getSimpleName().replace("Exception", "")
                        .replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
                default -> Failures.classify(failure);
            };
        }

        private Duration deliveryTimeout() {
            return settings.requestTimeout().plusMillis(lingerMs() + 1_000L);
        }

        private int lingerMs() {
            return destination.lingerMs() == null ? 5 : destination.lingerMs();
        }

        private synchronized KafkaProducer<byte[], byte[]> producer() throws IOException {
            if (closed) {
                throw new IOException("closed");
            }
            if (refusal != null) {
                throw refusal; // refused once: every batch of the run fails the same way, without asking again
            }
            if (producer == null) {
                try {
                    KafkaClients.checkBrokers(destination, policy, settings.connectTimeout().plus(settings.requestTimeout()));
                } catch (IOException e) {
                    refusal = e;
                    throw e;
                }
                Map<String, Object> config = KafkaClients.connection(destination, settings.requestTimeout());
                config.put(ProducerConfig.CLIENT_ID_CONFIG, "moniflux-" + signal.key());
                config.put(ProducerConfig.ACKS_CONFIG, destination.acksOrDefault());
                config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "all".equals(destination.acksOrDefault()));
                config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, destination.compression() == null ? "none" : destination.compression());
                config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs());
                config.put(ProducerConfig.BATCH_SIZE_CONFIG, destination.batchBytes() == null ? 1024 * 1024 : destination.batchBytes());
                config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
                config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout().toMillis());
                config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.connectTimeout().plus(settings.requestTimeout()).toMillis());
                config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
                config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
                producer = new KafkaProducer<>(config);
            }
            return producer;
        }

        private synchronized boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            KafkaProducer<byte[], byte[]> current;
            synchronized (this) {
                closed = true;
                current = producer;
            }
            if (current != null) {
                current.close(Duration.ofSeconds(2));
            }
        }
    }
}
