package io.moniflux.delivery.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Test;

import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.Secret;
import io.moniflux.delivery.Tls;

/** The connection settings a Kafka destination gives its clients: brokers, TLS trust and SASL login. */
class KafkaClientsTest {

    private static KafkaDestination destination(Tls tls, String sasl, String user, String password) {
        return new KafkaDestination(null, null, "kafka-0.internal:9093, kafka-1.internal, [::1]:9094", null, null, null, null, null,
                null, null, null, null, tls, sasl, user, password == null ? null : Secret.of(password), null);
    }

    @Test
    void everyBootstrapBrokerIsParsedWithTheDefaultPort() {
        List<Endpoint> brokers = KafkaClients.brokers(destination(null, null, null, null));
        assertThat(brokers).extracting(Endpoint::bareHost, Endpoint::port).containsExactly(
                org.assertj.core.groups.Tuple.tuple("kafka-0.internal", 9093), org.assertj.core.groups.Tuple.tuple("kafka-1.internal", 9092),
                org.assertj.core.groups.Tuple.tuple("::1", 9094));
        assertThat(KafkaClients.connection(destination(null, null, null, null), Duration.ofSeconds(3)))
                .containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "kafka-0.internal:9093,kafka-1.internal:9092,[::1]:9094")
                .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT")
                .containsEntry(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    }

    @Test
    void tlsWithACaAndScramLoginMakeSaslSslWithAnEscapedJaasLine() {
        Map<String, Object> config = KafkaClients.connection(destination(new Tls(null, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"),
                "SCRAM-SHA-512", "loadtest", "pa\"ss\\word"), Duration.ofSeconds(10));
        assertThat(config).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                .containsEntry(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM")
                .containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512")
                .containsEntry(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"loadtest\" password=\"pa\\\"ss\\\\word\";");
        assertThat(KafkaClients.connection(destination(null, "PLAIN", "u", "p"), Duration.ofSeconds(10)))
                .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT")
                .hasEntrySatisfying(SaslConfigs.SASL_JAAS_CONFIG, jaas -> assertThat((String) jaas).startsWith(
                        "org.apache.kafka.common.security.plain.PlainLoginModule required"));
        assertThat(KafkaClients.connection(destination(new Tls(null, null), null, null, null), Duration.ofSeconds(10)))
                .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL").doesNotContainKey(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG);
    }
}
