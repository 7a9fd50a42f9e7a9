package io.moniflux.delivery.syslog;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.Protocol;
import io.moniflux.delivery.http.Failures;
import io.moniflux.delivery.http.SocketPool;
import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.delivery.wire.Timestamps;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.LogEvent;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.Signal;

/**
 * Syslog as RFC 5424 describes it, over TCP with octet-counting framing (RFC 6587) or over UDP, one
 * message per datagram. The run marker and sequence number are structured data
 * ({@code [moniflux@32473 test=".." run=".." part=".." seq=".."]}). Syslog has no acknowledgement: a
 * message written without error counts as sent.
 */
@Component
class SyslogProtocol implements Protocol<SyslogDestination> {

    private static final int DEFAULT_FACILITY = 1;

    private final AddressPolicy policy;

    SyslogProtocol(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return SyslogDestination.TYPE;
    }

    @Override
    public Class<SyslogDestination> destinationType() {
        return SyslogDestination.class;
    }

    @Override
    public int defaultPort() {
        return 514;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS);
    }

    @Override
    public Endpoint endpoint(SyslogDestination destination) {
        return Endpoint.parse(destination.endpoint(), destination.port(), "tcp", defaultPort());
    }

    @Override
    public List<DestinationProblem> check(SyslogDestination destination) {
        List<DestinationProblem> problems = new ArrayList<>();
        if (destination.apiKey() != null) {
            problems.add(new DestinationProblem("destination.apiKey", "syslog has no authentication: give no apiKey"));
        }
        try {
            Endpoint endpoint = endpoint(destination);
            if (!Set.of("tcp", "udp").contains(endpoint.scheme())) {
                problems.add(new DestinationProblem("destination.endpoint", "a syslog endpoint is host:port, tcp://host:port or udp://host:port"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new DestinationProblem("destination.endpoint", e.getMessage()));
        }
        if (destination.transport() != null && !Set.of("tcp", "udp").contains(destination.transport())) {
            problems.add(new DestinationProblem("destination.transport", "transport must be tcp or udp"));
        }
        if (destination.facility() != null && (destination.facility() < 0 || destination.facility() > 23)) {
            problems.add(new DestinationProblem("destination.facility", "facility must be between 0 and 23"));
        }
        if (destination.appName() != null && !destination.appName().matches("[!-~]{1,48}")) {
            problems.add(new DestinationProblem("destination.appName", "appName must be 1 to 48 printable characters without spaces"));
        }
        return problems;
    }

    @Override
    public Channel open(SyslogDestination destination, Signal signal, ChannelSettings settings) {
        Endpoint endpoint = endpoint(destination);
        boolean udp = "udp".equals(destination.transport()) || "udp".equals(endpoint.scheme());
        int facility = destination.facility() == null ? DEFAULT_FACILITY : destination.facility();
        String appName = destination.appName() == null ? "moniflux" : destination.appName();
        return udp ? new UdpChannel(endpoint, policy, facility, appName)
                : new TcpChannel(endpoint, policy, facility, appName, settings);
    }

    /** One RFC 5424 message. */
    static byte[] message(LogEvent log, RunMarker marker, int facility, String appName) {
        StringBuilder text = new StringBuilder(log.message().length() + 200);
        text.append('<').append(facility * 8 + severity(log.level())).append(">1 ");
        String iso = Timestamps.iso(log.epochNanos()); // RFC 5424 allows at most six fractional digits
        text.append(iso, 0, iso.length() - 4).append('Z').append(' ');
        text.append(printable(log.host(), 255)).append(' ').append(appName).append(" - log ");
        text.append("[moniflux@32473 test=\"");
        param(text, marker.testID());
        text.append("\" run=\"");
        param(text, marker.runID());
        text.append("\" part=\"").append(marker.part()).append("\" seq=\"").append(log.seq()).append("\"] ");
        text.append(log.message());
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static int severity(String level) {
        return switch (level) {
            case "FATAL" -> 2;
            case "ERROR" -> 3;
            case "WARN" -> 4;
            case "DEBUG", "TRACE" -> 7;
            default -> 6;
        };
    }

    private static void param(StringBuilder text, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                text.append('\\');
            }
            text.append(c);
        }
    }

    private static String printable(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        String cleaned = value.replaceAll("[^!-~]", "_");
        return cleaned.length() > max ? cleaned.substring(0, max) : cleaned;
    }

    private static InetAddress resolve(Endpoint endpoint, AddressPolicy policy) throws IOException {
        String host = endpoint.bareHost();
        return policy.permitted(host, endpoint.port(), Arrays.asList(InetAddress.getAllByName(host))).getFirst();
    }

    /** TCP with octet counting, over the same kind of pool of connections as HTTP's. */
    private static final class TcpChannel implements Channel {

        /** A plain connection of the pool. */
        private record Connection(Socket socket) implements SocketPool.Pooled {
            @Override
            public void close() {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a broken connection
                }
            }
        }

        private final SocketPool<Connection> pool;
        private final int facility;
        private final String appName;

        TcpChannel(Endpoint endpoint, AddressPolicy policy, int facility, String appName, ChannelSettings settings) {
            this.pool = new SocketPool<>(endpoint, policy, (int) settings.connectTimeout().toMillis(), 0, null, false,
                    Connection::new);
            this.facility = facility;
            this.appName = appName;
        }

        @Override
        public DeliveryResult send(Batch<?> batch) {
            ByteSink frames = new ByteSink(batch.size() * 256);
            for (LogEvent log : batch.logs()) {
                byte[] message = message(log, batch.marker(), facility, appName);
                byte[] length = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
                frames.write(length, 0, length.length);
                frames.write(message, 0, message.length);
            }
            Connection connection = pool.idle();
            try {
                if (connection == null) {
                    connection = pool.connect();
                }
                OutputStream out = connection.socket().getOutputStream();
                out.write(frames.array(), 0, frames.length());
                out.flush();
                pool.release(connection);
                return DeliveryResult.accepted(batch.size(), 0, frames.length());
            } catch (IOException e) {
                if (connection != null) {
                    pool.discard(connection);
                }
                return DeliveryResult.failed(batch.size(), 0, pool.isClosed() ? "aborted" : Failures.classify(e), frames.length());
            }
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    /** UDP: each message a datagram. */
    private static final class UdpChannel implements Channel {

        private final Endpoint endpoint;
        private final AddressPolicy policy;
        private final int facility;
        private final String appName;
        private volatile DatagramSocket socket;
        private volatile InetSocketAddress target;

        UdpChannel(Endpoint endpoint, AddressPolicy policy, int facility, String appName) {
            this.endpoint = endpoint;
            this.policy = policy;
            this.facility = facility;
            this.appName = appName;
        }

        @Override
        public DeliveryResult send(Batch<?> batch) {
            long bytes = 0;
            int sent = 0;
            try {
                DatagramSocket current = socket();
                for (LogEvent log : batch.logs()) {
                    byte[] message = message(log, batch.marker(), facility, appName);
                    current.send(new DatagramPacket(message, message.length, target));
                    bytes += message.length;
                    sent++;
                }
                return DeliveryResult.accepted(batch.size(), 0, bytes);
            } catch (IOException e) {
                return new DeliveryResult(sent, batch.size() - sent, 0, Failures.classify(e), bytes);
            }
        }

        private synchronized DatagramSocket socket() throws IOException {
            if (socket == null) {
                target = new InetSocketAddress(resolve(endpoint, policy), endpoint.port());
                socket = new DatagramSocket();
            }
            return socket;
        }

        @Override
        public synchronized void close() {
            if (socket != null) {
                socket.close();
            }
        }
    }
}
