package io.moniflux.delivery.syslog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.Protocol;
import io.moniflux.delivery.socket.TcpChannel;
import io.moniflux.delivery.socket.UdpChannel;
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
        return udp ? new UdpChannel(endpoint, policy, batch -> datagrams(batch, facility, appName))
                : new TcpChannel(endpoint, policy, settings, batch -> frames(batch, facility, appName));
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

    /** A batch as octet-counted frames, for TCP (RFC 6587). */
    private static ByteSink frames(Batch<?> batch, int facility, String appName) {
        ByteSink frames = new ByteSink(batch.size() * 256);
        for (LogEvent log : batch.logs()) {
            byte[] message = message(log, batch.marker(), facility, appName);
            byte[] length = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
            frames.write(length, 0, length.length);
            frames.write(message, 0, message.length);
        }
        return frames;
    }

    /** A batch as one datagram per message, for UDP. */
    private static List<UdpChannel.Datagram> datagrams(Batch<?> batch, int facility, String appName) {
        List<UdpChannel.Datagram> datagrams = new ArrayList<>(batch.size());
        for (LogEvent log : batch.logs()) {
            datagrams.add(new UdpChannel.Datagram(message(log, batch.marker(), facility, appName), 1));
        }
        return datagrams;
    }
}
