package io.moniflux.delivery.kafka;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.Secret;
import io.moniflux.delivery.Tls;

/**
 * A Kafka cluster: {@code endpoint} lists bootstrap brokers, {@code host:port} separated by commas.
 * Kafka authenticates with SASL ({@code sasl}, {@code user}, {@code password}), so an apiKey is refused.
 *
 * @param topic              the topic each signal goes to; {@code {signal}} becomes logs, metrics or traces.
 *                           By default the Collector's kafka receiver's own: otlp_logs, otlp_metrics, otlp_spans
 * @param encoding           {@code otlp_proto} (default, what the Collector reads), {@code otlp_json}: one export
 *                           request per message; {@code json}: the Go service's JSON, one event per message
 * @param key                the message key: {@code none} (default; the producer spreads messages over partitions)
 *                           or {@code run}, the run marker, which keeps a part's messages in order on one partition
 * @param acks               {@code all} (default), {@code 1} or {@code 0}: what the broker must have done before an
 *                           event counts as sent
 * @param compression        none (default), gzip, snappy, lz4 or zstd
 * @param lingerMs           how long the producer waits to fill a batch (default 5 ms)
 * @param batchBytes         the producer's batch size in bytes (default 1 MiB)
 * @param tls                TLS to the brokers; {@code caCertificate} to trust a PEM CA, the JDK's trust otherwise
 * @param sasl               PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, with {@code user} and {@code password}
 * @param resourceAttributes added to the resource of OTLP payloads
 */
@JsonTypeName(KafkaDestination.TYPE)
public record KafkaDestination(String name, String type, String endpoint, Integer port, Secret apiKey, String topic,
        String encoding, String key, String acks, String compression, Integer lingerMs, Integer batchBytes, Tls tls,
        String sasl, String user, Secret password, Map<String, String> resourceAttributes) implements Destination {

    public static final String TYPE = "kafka";
    static final int DEFAULT_PORT = 9092;
    static final List<String> ENCODINGS = List.of("otlp_proto", "otlp_json", "json");
    static final List<String> COMPRESSIONS = List.of("none", "gzip", "snappy", "lz4", "zstd");
    static final List<String> SASL_MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    public KafkaDestination {
        type = TYPE;
        encoding = encoding == null ? null : encoding.strip().toLowerCase(Locale.ROOT);
        compression = compression == null ? null : compression.strip().toLowerCase(Locale.ROOT);
        sasl = sasl == null ? null : sasl.strip().toUpperCase(Locale.ROOT);
        resourceAttributes = resourceAttributes == null ? Map.of() : Map.copyOf(resourceAttributes);
    }

    /** The bootstrap brokers as given, one per entry. */
    List<String> brokers() {
        return endpoint == null ? List.of() : Arrays.stream(endpoint.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    String topicOf(String signal) {
        if (topic != null) {
            return topic.replace("{signal}", signal);
        }
        return switch (signal) {
            case "logs" -> "otlp_logs";
            case "metrics" -> "otlp_metrics";
            default -> "otlp_spans";
        };
    }

    String encodingOrDefault() {
        return encoding == null ? "otlp_proto" : encoding;
    }

    boolean keyedByRun() {
        return "run".equals(key);
    }

    String acksOrDefault() {
        return acks == null ? "all" : acks;
    }
}
