package io.moniflux.delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.moniflux.telemetry.Signal;

/** The protocols MoniFlux speaks, by destination type. */
@Component
public class DeliveryCatalog {

    private final Map<String, Protocol> protocols = new TreeMap<>();
    private final AddressPolicy policy;

    private final Map<String, Verifier> verifiers = new TreeMap<>();

    public DeliveryCatalog(List<Protocol> protocols, List<Verifier> verifiers,
            org.springframework.beans.factory.ObjectProvider<AddressPolicy> policy) {
        protocols.forEach(protocol -> this.protocols.put(protocol.type(), protocol));
        verifiers.forEach(verifier -> this.verifiers.put(verifier.type(), verifier));
        this.policy = policy.getIfAvailable(() -> AddressPolicy.ALLOW_ALL);
    }

    /** What asks the backend of this destination type what it stored; empty when it has no query API. */
    public Optional<Verifier> verifier(String type) {
        return Optional.ofNullable(verifiers.get(type));
    }

    public Collection<String> verifiableTypes() {
        return verifiers.keySet();
    }

    /**
     * Problems with a URL MoniFlux will call besides a destination (a webhook, a query API): it must be
     * http(s) and pass the address policy, like destinations.
     */
    public Optional<DestinationProblem> checkUrl(String field, String url) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            return Optional.of(new DestinationProblem(field, field + " is not a valid URL: " + e.getReason()));
        }
        if (url.length() > 2048 || uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            return Optional.of(new DestinationProblem(field, field + " must be an http or https URL with a host, at most 2048 characters"));
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        try {
            policy.permitted(host, port, List.of(java.net.InetAddress.getAllByName(host)));
            return Optional.empty();
        } catch (java.net.UnknownHostException e) {
            return Optional.empty(); // calls to it will fail, and connecting checks the policy again
        } catch (DestinationRefusedException e) {
            return Optional.of(new DestinationProblem(field, e.getMessage()));
        }
    }

    /**
     * The address policy's verdict on the destination's host, resolved now. A host that does not resolve
     * passes here: its requests will fail (unknown-host), and connecting checks the policy again anyway.
     */
    private Optional<DestinationProblem> guard(Destination destination, Protocol protocol) {
        Endpoint endpoint = Endpoint.parse(destination.endpoint(), destination.port(), "http", protocol.defaultPort());
        String host = endpoint.bareHost();
        List<java.net.InetAddress> addresses;
        try {
            addresses = List.of(java.net.InetAddress.getAllByName(host));
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
        try {
            policy.permitted(host, endpoint.port(), addresses);
            return Optional.empty();
        } catch (DestinationRefusedException e) {
            return Optional.of(new DestinationProblem("destination.endpoint", e.getMessage()));
        }
    }

    public Optional<Protocol> find(String type) {
        return Optional.ofNullable(protocols.get(type));
    }

    public Protocol get(String type) {
        return find(type).orElseThrow(() -> new IllegalArgumentException("unknown destination type " + type));
    }

    public Collection<String> types() {
        return protocols.keySet();
    }

    /**
     * Checks that {@code destination} is usable and can carry every signal in {@code signals}.
     */
    public List<DestinationProblem> check(Destination destination, Set<Signal> signals) {
        List<DestinationProblem> problems = new ArrayList<>();
        if (destination == null) {
            problems.add(new DestinationProblem("destination", "destination is required"));
            return problems;
        }
        Protocol protocol = protocols.get(destination.type());
        if (protocol == null) {
            problems.add(new DestinationProblem("destination.type",
                    "unknown destination type '" + destination.type() + "'; known types: " + String.join(", ", types())));
            return problems;
        }
        for (Signal signal : signals) {
            if (!protocol.signals().contains(signal)) {
                problems.add(new DestinationProblem("destination.type",
                        "destination type '" + protocol.type() + "' cannot carry " + signal.key() + " (it carries "
                                + protocol.signals().stream().map(Signal::key).sorted().collect(Collectors.joining(", "))
                                + ")"));
            }
        }
        for (String option : destination.options().keySet()) {
            if (!protocol.options().contains(option)) {
                problems.add(new DestinationProblem("destination." + option, option + " does not apply to destination type '"
                        + protocol.type() + "'" + (protocol.options().isEmpty() ? "" : "; it takes "
                        + String.join(", ", new java.util.TreeSet<>(protocol.options())))));
            }
        }
        problems.addAll(Options.check(destination));
        problems.addAll(protocol.check(destination));
        if (problems.isEmpty() && protocol.network()) {
            guard(destination, protocol).ifPresent(problems::add);
        }
        return problems;
    }
}
