package io.moniflux.delivery.nats;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

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
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.MetricKind;
import io.moniflux.telemetry.Signal;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;

/**
 * NATS through the official client ({@code io.nats:jnats}). Each event is one message, the JSON object
 * of the Go service's format (run marker and {@code seq} included), on the subject of its signal.
 *
 * <p>Core NATS acknowledges nothing: a batch counts as sent once a flush (a PING answered by the
 * server's PONG) shows the server has read every message before it. With {@code jetStream}, each message
 * counts once its stream acknowledged it, as the stream's own publish acks say.
 *
 * <p>The client resolves and reconnects on its own, so this resolves the host once, through the
 * address policy, and gives the client that address, with the servers a cluster advertises ignored:
 * it cannot be led to another address than the one checked.
 */
@Component
class NatsProtocol implements Protocol<NatsDestination> {

    /** NATS subjects: tokens of printable characters separated by dots, without spaces or wildcards. */
    private static final Pattern SUBJECT = Pattern.compile("[!-~&&[^*>.]]+(\\.[!-~&&[^*>.]]+)*");

    private final AddressPolicy policy;

    NatsProtocol(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return NatsDestination.TYPE;
    }

    @Override
    public Class<NatsDestination> destinationType() {
        return NatsDestination.class;
    }

    @Override
    public int defaultPort() {
        return NatsDestination.DEFAULT_PORT;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS, Signal.METRICS, Signal.TRACES);
    }

    /** {@inheritDoc} Here: the JSON events write every kind out whole. */
    @Override
    public Set<MetricKind> metricKinds() {
        return ALL_METRIC_KINDS;
    }

    @Override
    public Endpoint endpoint(NatsDestination destination) {
        return Endpoint.parse(destination.endpoint(), destination.port(), "nats", defaultPort());
    }

    @Override
    public List<DestinationProblem> check(NatsDestination destination) {
        List<DestinationProblem> problems = new ArrayList<>();
        try {
            if (!"nats".equals(endpoint(destination).scheme())) {
                problems.add(new DestinationProblem("destination.endpoint", "a NATS endpoint is host:port or nats://host:port"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new DestinationProblem("destination.endpoint", e.getMessage()));
        }
        String subject = destination.subjectOf("logs");
        if (subject.length() > 256 || !SUBJECT.matcher(subject).matches()) {
            problems.add(new DestinationProblem("destination.subject",
                    "subject must be dot-separated tokens without spaces or wildcards (* and >), at most 256 characters"));
        }
        if ((destination.user() == null) != (destination.password() == null)) {
            problems.add(new DestinationProblem("destination.user", "give user and password together"));
        }
        if (destination.user() != null && destination.apiKey() != null) {
            problems.add(new DestinationProblem("destination.apiKey", "give a token (apiKey) or user and password, not both"));
        }
        return problems;
    }

    @Override
    public Channel open(NatsDestination destination, Signal signal, ChannelSettings settings) {
        return new NatsChannel(destination, endpoint(destination), destination.subjectOf(signal.key()), policy, settings);
    }

    /** One connection per signal stream, opened on the first batch; sends may overlap on it. */
    private static final class NatsChannel implements Channel {

        private final NatsDestination destination;
        private final Endpoint endpoint;
        private final String subject;
        private final AddressPolicy policy;
        private final ChannelSettings settings;
        private final ReentrantLock publishing = new ReentrantLock();
        private Connection connection;
        private JetStream jetStream;
        private boolean closed;

        NatsChannel(NatsDestination destination, Endpoint endpoint, String subject, AddressPolicy policy, ChannelSettings settings) {
            this.destination = destination;
            this.endpoint = endpoint;
            this.subject = subject;
            this.policy = policy;
            this.settings = settings;
        }

        @Override
        public DeliveryResult send(Batch<?> batch) {
            List<byte[]> messages = GoJsonEncoder.objects(batch, 256);
            long bytes = messages.stream().mapToLong(message -> message.length).sum();
            Connection current;
            try {
                current = connection();
            } catch (IOException e) {
                return DeliveryResult.failed(batch.size(), 0, Failures.classify(e), bytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DeliveryResult.failed(batch.size(), 0, "aborted", bytes);
            }
            try {
                return destination.jetStreamAcks() ? publishAcknowledged(messages, bytes) : publish(current, messages, bytes);
            } catch (IllegalStateException closedUnderneath) {
                return DeliveryResult.failed(batch.size(), 0, isClosed() ? "aborted" : "connection-closed", bytes);
            }
        }

        /**
         * Publishes a batch and flushes, one batch at a time per connection. The client queues what is
         * published for one writer: measured here, 64 batches of 500 published and flushed at once made
         * it refuse most of them ("Output queue is full", flushes cancelled) and sent 22,000 messages in
         * 5 s, while one batch at a time sent 2.9 million.
         */
        private DeliveryResult publish(Connection current, List<byte[]> messages, long bytes) {
            try {
                publishing.lockInterruptibly();
                try {
                    for (byte[] message : messages) {
                        current.publish(subject, message);
                    }
                    current.flush(settings.requestTimeout());
                } finally {
                    publishing.unlock();
                }
                return DeliveryResult.accepted(messages.size(), 0, bytes);
            } catch (TimeoutException e) {
                return DeliveryResult.failed(messages.size(), 0, "timeout", bytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DeliveryResult.failed(messages.size(), 0, "aborted", bytes);
            }
        }

        private DeliveryResult publishAcknowledged(List<byte[]> messages, long bytes) {
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>(messages.size());
            publishing.lock(); // the same one writer's queue as core publishing; the acks are awaited outside
            try {
                for (byte[] message : messages) {
                    acks.add(jetStream.publishAsync(subject, message));
                }
            } finally {
                publishing.unlock();
            }
            long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
            int accepted = 0;
            String error = null;
            for (CompletableFuture<PublishAck> ack : acks) {
                try {
                    ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    accepted++;
                } catch (TimeoutException e) {
                    error = "timeout";
                } catch (ExecutionException e) {
                    error = "jetstream-" + (e.getCause() instanceof io.nats.client.JetStreamApiException api
                            ? api.getApiErrorCode() : "error");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    error = "aborted";
                    break;
                }
            }
            return new DeliveryResult(accepted, messages.size() - accepted, 0, error, bytes);
        }

        private synchronized Connection connection() throws IOException, InterruptedException {
            if (closed) {
                throw new IOException("closed");
            }
            if (connection == null) {
                InetAddress address = policy.resolve(endpoint.bareHost(), endpoint.port());
                String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
                Options.Builder options = new Options.Builder().server("nats://" + host + ":" + endpoint.port())
                        .ignoreDiscoveredServers().noRandomize().connectionName("moniflux")
                        .connectionTimeout(settings.connectTimeout()).reconnectWait(Duration.ofMillis(250))
                        .maxReconnects(-1);
                if (destination.apiKeyValue() != null) {
                    options.token(destination.apiKeyValue().toCharArray());
                }
                if (destination.user() != null && destination.password() != null) {
                    options.userInfo(destination.user().toCharArray(), destination.password().value().toCharArray());
                }
                connection = Nats.connect(options.build());
                if (destination.jetStreamAcks()) {
                    jetStream = connection.jetStream();
                }
            }
            return connection;
        }

        private synchronized boolean isClosed() {
            return closed;
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (connection != null) {
                try {
                    connection.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
