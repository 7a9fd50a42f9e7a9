package io.moniflux.security;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.moniflux.config.EmbeddedDatabase;
import io.moniflux.delivery.AddressLiterals;
import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.DestinationRefusedException;

/**
 * Where load may go. Without it MoniFlux would be a denial-of-service cannon and a way to probe the
 * cluster's network. Checked after DNS resolution, on the very addresses connected to:
 * <ol>
 * <li>the configured deny list (hosts, {@code *.suffix} patterns, CIDRs) refuses;</li>
 * <li>cloud metadata addresses are always refused;</li>
 * <li>the configured allow list admits (and, when given, refuses everything else);</li>
 * <li>by default link-local, unspecified and multicast addresses, this service's own addresses, and
 * loopback (unless allowed: by default only on the embedded database, the developer setup) are refused.</li>
 * </ol>
 */
@Component
class DestinationGuard implements AddressPolicy {

    private record Rule(String name, Cidr cidr, String hostPattern) {

        boolean matches(String host, InetAddress address) {
            if (hostPattern != null) {
                String h = host.toLowerCase(Locale.ROOT);
                return hostPattern.startsWith("*.") ? h.endsWith(hostPattern.substring(1)) : h.equals(hostPattern);
            }
            return cidr.contains(address);
        }
    }

    private static final List<Rule> METADATA = List.of(
            new Rule("cloud metadata address 169.254.169.254", Cidr.parse("169.254.169.254/32"), null),
            new Rule("cloud metadata address fd00:ec2::254", Cidr.parse("fd00:ec2::254/128"), null),
            new Rule("cloud metadata address 100.100.100.200", Cidr.parse("100.100.100.200/32"), null),
            new Rule("cloud metadata host metadata.google.internal", null, "metadata.google.internal"));
    private static final List<Rule> LINK_LOCAL = List.of(
            new Rule("link-local range 169.254.0.0/16", Cidr.parse("169.254.0.0/16"), null),
            new Rule("link-local range fe80::/10", Cidr.parse("fe80::/10"), null));

    private final List<Rule> deny;
    private final List<Rule> allow;
    private final boolean allowLoopback;
    private final Set<InetAddress> own;
    private final Environment environment;

    DestinationGuard(SecurityProperties properties, ObjectProvider<EmbeddedDatabase> embedded, Environment environment) {
        this.deny = rules(properties.destinations().deny(), "deny");
        this.allow = rules(properties.destinations().allow(), "allow");
        Boolean loopback = properties.destinations().allowLoopback();
        this.allowLoopback = loopback != null ? loopback : embedded.getIfAvailable() != null;
        this.own = ownAddresses();
        this.environment = environment;
    }

    @Override
    public List<InetAddress> permitted(String host, int port, List<InetAddress> addresses) throws DestinationRefusedException {
        Optional<String> ambiguous = AddressLiterals.ambiguity(host);
        if (ambiguous.isPresent()) {
            throw new DestinationRefusedException("destination " + ambiguous.get());
        }
        List<InetAddress> permitted = new ArrayList<>();
        String refusal = null;
        for (InetAddress address : addresses) {
            String rule = refusal(host, port, address);
            if (rule == null) {
                permitted.add(address);
            } else if (refusal == null) {
                refusal = "destination " + host + (host.equals(address.getHostAddress()) ? "" : " (" + address.getHostAddress() + ")")
                        + " is refused: " + rule;
            }
        }
        if (permitted.isEmpty()) {
            throw new DestinationRefusedException(refusal != null ? refusal : "destination " + host + " has no address");
        }
        return permitted;
    }

    /** The rule refusing {@code address}, or null when it is allowed. */
    String refusal(String host, int port, InetAddress address) {
        Inet4Address embedded = AddressLiterals.embeddedIpv4(address);
        if (embedded != null) {
            String refusal = refusal(embedded.getHostAddress(), port, embedded);
            if (refusal != null) {
                return refusal + " (the IPv4 address " + embedded.getHostAddress() + " inside " + address.getHostAddress() + ")";
            }
        }
        for (Rule rule : deny) {
            if (rule.matches(host, address)) {
                return "denied by rule '" + rule.name() + "'";
            }
        }
        for (Rule rule : METADATA) {
            if (rule.matches(host, address)) {
                return rule.name() + " (always denied)";
            }
        }
        for (Rule rule : allow) {
            if (rule.matches(host, address)) {
                return selfPort(address, port);
            }
        }
        if (!allow.isEmpty()) {
            return "not in the allow list (moniflux.security.destinations.allow)";
        }
        for (Rule rule : LINK_LOCAL) {
            if (rule.matches(host, address)) {
                return rule.name();
            }
        }
        if (address.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if (address.isLoopbackAddress()) {
            return allowLoopback ? selfPort(address, port)
                    : "loopback (allowed only with moniflux.security.destinations.allow-loopback=true)";
        }
        if (own.contains(address)) {
            return "this service's own address";
        }
        return null;
    }

    private String selfPort(InetAddress address, int port) {
        int ownPort = environment.getProperty("local.server.port", Integer.class,
                environment.getProperty("server.port", Integer.class, 8080));
        return port == ownPort && (address.isLoopbackAddress() || own.contains(address))
                ? "this service's own HTTP port" : null;
    }

    private static List<Rule> rules(List<String> entries, String kind) {
        List<Rule> rules = new ArrayList<>();
        for (String entry : entries) {
            String text = entry.strip().toLowerCase(Locale.ROOT);
            if (text.isEmpty()) {
                continue;
            }
            boolean address = text.contains("/") || Character.digit(text.charAt(0), 16) >= 0 && (text.contains(":") || text.matches("[0-9.]+"));
            rules.add(address ? new Rule(kind + " " + text, Cidr.parse(text), null) : new Rule(kind + " " + text, null, text));
        }
        return List.copyOf(rules);
    }

    private static Set<InetAddress> ownAddresses() {
        Set<InetAddress> addresses = new HashSet<>();
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (!address.isLoopbackAddress()) {
                        addresses.add(address instanceof Inet6Address v6 && v6.getScopeId() != 0
                                ? stripScope(v6) : address);
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to protect
        }
        return Set.copyOf(addresses);
    }

    private static InetAddress stripScope(Inet6Address address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** An address range: a network address and a prefix length. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            try {
                if (!parts[0].matches("[0-9a-fA-F:.]+")) {
                    throw new IllegalArgumentException("not an address: " + text);
                }
                byte[] network = InetAddress.getByName(parts[0]).getAddress();
                int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in " + text);
                }
                return new Cidr(network, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR: " + text, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            BigInteger mask = BigInteger.ONE.shiftLeft(network.length * 8).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(network.length * 8 - prefix).subtract(BigInteger.ONE));
            return new BigInteger(1, bytes).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
