package io.moniflux.delivery.kafka;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.DestinationRefusedException;
import io.moniflux.delivery.Endpoint;

/**
 * What the producer and the verifier's consumer share: the connection settings of a destination, and
 * the address policy's check of every broker the cluster names.
 *
 * <p>The Kafka client resolves names and connects on its own, with no hook for a socket factory, and it
 * connects to whatever brokers the cluster's metadata lists. So before a client is made, the bootstrap
 * brokers and every broker the cluster describes are resolved and checked against the policy. What is
 * left is a window in which a name could resolve elsewhere between this check and the client's own
 * lookup; the HTTP, syslog and NATS channels, which connect to the checked address itself, have none.
 */
final class KafkaClients {

    private KafkaClients() {
    }

    /** The bootstrap brokers, parsed, default port applied. */
    static List<Endpoint> brokers(KafkaDestination destination) {
        List<Endpoint> brokers = new ArrayList<>();
        for (String broker : destination.brokers()) {
            brokers.add(Endpoint.parse(broker, destination.port(), "kafka", KafkaDestination.DEFAULT_PORT));
        }
        if (brokers.isEmpty()) {
            throw new IllegalArgumentException("endpoint is required: bootstrap brokers as host:port, separated by commas");
        }
        return brokers;
    }

    /** Connection settings every client of this destination takes. */
    static Map<String, Object> connection(KafkaDestination destination, Duration requestTimeout) {
        Map<String, Object> config = new HashMap<>();
        List<String> bootstrap = brokers(destination).stream().map(b -> hostPort(b.bareHost(), b.port())).toList();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", bootstrap));
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
        config.put(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG, "use_all_dns_ips");
        boolean tls = destination.tls() != null;
        boolean sasl = destination.sasl() != null;
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, tls ? (sasl ? "SASL_SSL" : "SSL") : (sasl ? "SASL_PLAINTEXT" : "PLAINTEXT"));
        if (tls && destination.tls().caCertificate() != null) {
            config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
            config.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, destination.tls().caCertificate());
        }
        if (sasl) {
            config.put(SaslConfigs.SASL_MECHANISM, destination.sasl());
            String module = destination.sasl().equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            config.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + jaas(destination.user())
                    + "\" password=\"" + jaas(destination.password().value()) + "\";");
        }
        return config;
    }

    /**
     * Checks the bootstrap brokers and every broker the cluster describes against the policy.
     *
     * @throws DestinationRefusedException naming the broker the policy refuses
     * @throws IOException                 when the cluster cannot be asked in time
     */
    static void checkBrokers(KafkaDestination destination, AddressPolicy policy, Duration timeout) throws IOException {
        for (Endpoint broker : brokers(destination)) {
            policy.resolve(broker.bareHost(), broker.port());
        }
        Map<String, Object> config = connection(destination, timeout);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "moniflux-guard");
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        Collection<Node> nodes;
        Admin admin = Admin.create(config);
        try {
            nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).nodes()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("the cluster did not describe its brokers within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new SocketTimeoutException("the cluster did not describe its brokers within " + timeout.toMillis() + " ms");
            }
            throw new IOException("the cluster cannot be asked for its brokers: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            admin.close(Duration.ZERO); // closing waits for unfinished calls otherwise, for as long as they retry
        }
        for (Node node : nodes) {
            policy.resolve(node.host(), node.port());
        }
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String jaas(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
