package io.moniflux.delivery.statsd;

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
import io.moniflux.telemetry.Signal;

/**
 * StatsD lines ({@code name:value|type}) over UDP, packed into packets up to the MTU, or TCP, one per
 * line. Counters go as {@code |c} increments, gauges as {@code |g} (or {@code |s} set members), histograms
 * and summaries as timers or DogStatsD histograms and distributions.
 */
@Component
class StatsdProtocol implements Protocol<StatsdDestination> {

    private final AddressPolicy policy;

    StatsdProtocol(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return StatsdDestination.TYPE;
    }

    @Override
    public Class<StatsdDestination> destinationType() {
        return StatsdDestination.class;
    }

    @Override
    public int defaultPort() {
        return StatsdDestination.DEFAULT_PORT;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS);
    }

    @Override
    public int defaultBatchSize() {
        return 500;
    }

    /**
     * One request at a time: a counter goes as its increment since the series' previous point, which is
     * only right when the points of a series are encoded in the order they were made.
     */
    @Override
    public int defaultMaxInFlight() {
        return 1;
    }

    @Override
    public Endpoint endpoint(StatsdDestination destination) {
        return Endpoint.parse(destination.endpoint(), destination.port(), "udp", defaultPort());
    }

    @Override
    public List<DestinationProblem> check(StatsdDestination destination) {
        List<DestinationProblem> problems = new ArrayList<>();
        if (destination.apiKey() != null) {
            problems.add(new DestinationProblem("destination.apiKey", "StatsD has no authentication: give no apiKey"));
        }
        try {
            Endpoint endpoint = endpoint(destination);
            if (!Set.of("udp", "tcp").contains(endpoint.scheme()) || !endpoint.basePath().isEmpty()) {
                problems.add(new DestinationProblem("destination.endpoint", "a StatsD endpoint is host:port, udp://host:port or tcp://host:port"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new DestinationProblem("destination.endpoint", e.getMessage()));
        }
        DestinationProblem.oneOf(problems, "transport", destination.transport(), List.of("udp", "tcp"));
        DestinationProblem.oneOf(problems, "flavor", destination.flavor(), List.of("statsd", "dogstatsd"));
        DestinationProblem.oneOf(problems, "gaugesAs", destination.gaugesAs(), List.of("gauge", "set"));
        if (!destination.dogStatsd() && destination.histogramsAs() != null && !destination.histogramsAs().equals("timer")) {
            problems.add(new DestinationProblem("destination.histogramsAs", "plain StatsD has timers only: histogram and "
                    + "distribution need flavor dogstatsd"));
        } else {
            DestinationProblem.oneOf(problems, "histogramsAs", destination.histogramsAs(), List.of("timer", "histogram", "distribution"));
        }
        if (destination.mtu() != null && (destination.mtu() < 512 || destination.mtu() > 65_000)) {
            problems.add(new DestinationProblem("destination.mtu", "mtu must be 512 to 65000 bytes"));
        }
        if (destination.prefix() != null && !destination.prefix().matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
            problems.add(new DestinationProblem("destination.prefix", "prefix is dot-separated parts of letters, digits, _ and -"));
        }
        return problems;
    }

    @Override
    public Channel open(StatsdDestination destination, Signal signal, ChannelSettings settings) {
        Endpoint endpoint = endpoint(destination);
        StatsdLines lines = new StatsdLines(destination);
        boolean tcp = "tcp".equals(destination.transport()) || "tcp".equals(endpoint.scheme());
        return tcp ? new TcpChannel(endpoint, policy, settings, lines::stream) : new UdpChannel(endpoint, policy, lines::packets);
    }
}
