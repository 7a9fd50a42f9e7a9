package io.moniflux.delivery;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.moniflux.telemetry.MetricKind;
import io.moniflux.telemetry.PayloadOptions;
import io.moniflux.telemetry.Signal;

/**
 * The protocols MoniFlux speaks, by destination type: what a destination of each may be, whether it
 * can be used, and opening its channels. Each protocol checks its own options; the checks every
 * destination gets (text rules, masked secrets, the address policy) are made here, once.
 */
@Component
public class DeliveryCatalog {

    private final Map<String, Protocol<?>> protocols = new TreeMap<>();
    private final Map<String, Verifier> verifiers = new TreeMap<>();
    private final AddressPolicy policy;

    public DeliveryCatalog(List<Protocol<?>> protocols, List<Verifier> verifiers, ObjectProvider<AddressPolicy> policy) {
        protocols.forEach(protocol -> {
            Class<? extends Destination> record = DestinationTypes.of(protocol.type());
            if (record != protocol.destinationType()) {
                throw new IllegalStateException("protocol " + protocol.type() + " reads " + protocol.destinationType().getName()
                        + ", but that type's record is " + (record == null ? "missing" : record.getName()));
            }
            this.protocols.put(protocol.type(), protocol);
        });
        verifiers.forEach(verifier -> this.verifiers.put(verifier.type(), verifier));
        this.policy = policy.getIfAvailable(() -> AddressPolicy.ALLOW_ALL);
    }

    public Optional<Protocol<?>> find(String type) {
        return Optional.ofNullable(protocols.get(type));
    }

    public Protocol<?> get(String type) {
        return find(type).orElseThrow(() -> new IllegalArgumentException("unknown destination type " + type));
    }

    public Collection<String> types() {
        return protocols.keySet();
    }

    /** The options a type reads beyond name, type, endpoint, port and apiKey. */
    public Set<String> options(Protocol<?> protocol) {
        return DestinationRecords.options(protocol.destinationType());
    }

    /** Opens a channel of a destination's protocol for one signal. */
    public Channel open(Destination destination, Signal signal, ChannelSettings settings) {
        return open(get(destination.type()), destination, signal, settings);
    }

    private static <D extends Destination> Channel open(Protocol<D> protocol, Destination destination, Signal signal,
            ChannelSettings settings) {
        return protocol.open(protocol.destinationType().cast(destination), signal, settings);
    }

    /** What asks the backend of this destination type what it stored; empty when it has no query API. */
    public Optional<Verifier> verifier(String type) {
        return Optional.ofNullable(verifiers.get(type));
    }

    public Collection<String> verifiableTypes() {
        return verifiers.keySet();
    }

    /**
     * The destination a request gives, with each secret it sends back masked ({@code ****}) replaced by the
     * stored one, so that an edit need not repeat them.
     */
    public Destination keepSecrets(Destination given, Destination stored) {
        return given == null ? null : DestinationRecords.keepMaskedSecrets(given, stored);
    }

    /**
     * Problems with secrets sent back masked to a destination that is no longer where they were given
     * for: a stored secret never follows an edit to another host, port or type; it must be given again.
     */
    public List<DestinationProblem> secretsElsewhere(Destination given, Destination stored) {
        if (given == null || stored == null) {
            return List.of();
        }
        List<String> masked = DestinationRecords.maskedSecrets(given);
        if (masked.isEmpty()) {
            return List.of();
        }
        String was = place(stored);
        String now = place(given);
        if (was == null || now == null || was.equals(now)) {
            return List.of(); // an unknown type or an unreadable endpoint is refused by the other checks
        }
        return masked.stream().map(field -> new DestinationProblem("destination." + field, "secret-required", "destination."
                + field + " is masked (****), but the destination moved from " + was + " to " + now
                + ": give the secret again, so that a stored secret never goes to another place than it was given for")).toList();
    }

    /** Type, host and port of a destination, or null when its type is unknown or its endpoint unreadable. */
    private String place(Destination destination) {
        Protocol<?> protocol = protocols.get(destination.type());
        if (protocol == null) {
            return null;
        }
        try {
            Endpoint endpoint = endpointOf(protocol, destination);
            return destination.type() + " " + endpoint.bareHost().toLowerCase(Locale.ROOT) + ":" + endpoint.port();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static <D extends Destination> Endpoint endpointOf(Protocol<D> protocol, Destination destination) {
        return protocol.endpoint(protocol.destinationType().cast(destination));
    }

    /** Checks that {@code destination} is usable and can carry every signal in {@code signals}. */
    public List<DestinationProblem> check(Destination destination, Set<Signal> signals) {
        return check(destination, signals, PayloadOptions.DEFAULT_METRIC_KINDS);
    }

    /**
     * Checks that {@code destination} is usable and can carry every signal in {@code signals}, and, when
     * they include metrics, every kind of metric in {@code metricKinds}.
     */
    public List<DestinationProblem> check(Destination destination, Set<Signal> signals, Set<MetricKind> metricKinds) {
        List<DestinationProblem> problems = new ArrayList<>();
        if (destination == null) {
            problems.add(new DestinationProblem("destination", "required", "destination is required"));
            return problems;
        }
        Protocol<?> protocol = protocols.get(destination.type());
        if (protocol == null) {
            problems.add(new DestinationProblem("destination.type",
                    "unknown destination type '" + destination.type() + "'; known types: " + String.join(", ", types())));
            return problems;
        }
        problems.addAll(DestinationRecords.textProblems(destination));
        String apiKey = destination.apiKeyValue();
        if (apiKey != null && (apiKey.length() > 4096 || apiKey.chars().anyMatch(Character::isISOControl))) {
            problems.add(new DestinationProblem("destination.apiKey", "invalid-api-key",
                    "apiKey must be at most 4096 characters without control characters"));
        }
        for (Signal signal : signals) {
            if (!protocol.signals().contains(signal)) {
                problems.add(new DestinationProblem("destination.type",
                        "destination type '" + protocol.type() + "' cannot carry " + signal.key() + " (it carries "
                                + protocol.signals().stream().map(Signal::key).sorted().collect(Collectors.joining(", ")) + ")"));
            }
        }
        if (signals.contains(Signal.METRICS) && !protocol.metricKinds().containsAll(metricKinds)) {
            problems.add(new DestinationProblem("payload.metricKinds", "unsupported-metric-kind", "destination type '"
                    + protocol.type() + "' cannot carry " + metricKinds.stream().filter(kind -> !protocol.metricKinds().contains(kind))
                            .map(MetricKind::key).sorted().collect(Collectors.joining(", ")) + " metrics (it carries "
                    + protocol.metricKinds().stream().map(MetricKind::key).sorted().collect(Collectors.joining(", ")) + ")"));
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        problems.addAll(checkWith(protocol, destination));
        if (problems.isEmpty() && protocol.network()) {
            guard(protocol, destination).ifPresent(problems::add);
        }
        return problems;
    }

    private static <D extends Destination> List<DestinationProblem> checkWith(Protocol<D> protocol, Destination destination) {
        return protocol.check(protocol.destinationType().cast(destination));
    }

    /**
     * The address policy's verdict on the destination's host, resolved now. A host that does not resolve
     * passes here: its requests will fail (unknown-host), and connecting checks the policy again anyway.
     */
    private <D extends Destination> Optional<DestinationProblem> guard(Protocol<D> protocol, Destination destination) {
        for (Endpoint endpoint : protocol.endpoints(protocol.destinationType().cast(destination))) {
            Optional<DestinationProblem> refused = permitted("destination.endpoint", endpoint.bareHost(), endpoint.port());
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    /**
     * Problems with a URL MoniFlux will call besides a destination (a webhook, a query API): it must be
     * http(s) and pass the address policy, like destinations.
     */
    public Optional<DestinationProblem> checkUrl(String field, String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.of(new DestinationProblem(field, field + " is not a valid URL: " + e.getReason()));
        }
        if (url.length() > 2048 || uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            return Optional.of(new DestinationProblem(field, field + " must be an http or https URL with a host, at most 2048 characters"));
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return permitted(field, host, port);
    }

    private Optional<DestinationProblem> permitted(String field, String host, int port) {
        Optional<String> ambiguous = AddressLiterals.ambiguity(host);
        if (ambiguous.isPresent()) {
            return Optional.of(new DestinationProblem(field, "destination " + ambiguous.get()));
        }
        try {
            policy.permitted(host, port, List.of(InetAddress.getAllByName(host)));
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty(); // calls to it will fail, and connecting checks the policy again
        } catch (DestinationRefusedException e) {
            return Optional.of(new DestinationProblem(field, e.getMessage()));
        }
    }
}
