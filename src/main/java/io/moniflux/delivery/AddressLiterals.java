package io.moniflux.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Address literals read the same way by everyone, or refused. The JVM reads {@code 0177.0.0.1} as
 * 177.0.0.1 (a public address) where curl and browsers read 127.0.0.1, and {@code 0x7f000001} or a
 * bare 32-bit number not at all; so a host made only of numbers must be four decimal octets without
 * leading zeros. IPv6 literals may carry an IPv4 address (IPv4-compatible {@code ::a.b.c.d}, NAT64
 * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}); those are judged by the address they carry.
 */
public final class AddressLiterals {

    private static final Pattern NUMERIC_LABEL = Pattern.compile("(0[xX][0-9a-fA-F]*|[0-9]+)");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private AddressLiterals() {
    }

    /** Why {@code host} is an ambiguous address literal, or empty when it is a name or a canonical literal. */
    public static Optional<String> ambiguity(String host) {
        if (host == null || host.isEmpty() || host.contains(":")) {
            return Optional.empty();
        }
        String[] labels = host.endsWith(".") ? host.substring(0, host.length() - 1).split("\\.", -1) : host.split("\\.", -1);
        for (String label : labels) {
            if (!NUMERIC_LABEL.matcher(label).matches()) {
                return Optional.empty(); // a name (a numeric name's last label is never all digits in DNS)
            }
        }
        if (DOTTED_QUAD.matcher(host).matches()) {
            return Optional.empty();
        }
        return Optional.of("'" + host + "' is an ambiguous address literal (octal, hexadecimal, a bare number or too few parts "
                + "read differently by different clients); write IPv4 as four decimal numbers without leading zeros, such as 127.0.0.1");
    }

    /** The IPv4 address an IPv6 address carries (IPv4-compatible, NAT64, 6to4), or null. */
    public static Inet4Address embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] b = address.getAddress();
        int from;
        if (zeros(b, 0, 12) && !(zeros(b, 12, 15) && (b[15] == 0 || b[15] == 1))) {
            from = 12; // ::a.b.c.d (not :: or ::1)
        } else if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && zeros(b, 4, 12)) {
            from = 12; // NAT64 well-known prefix 64:ff9b::/96
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            from = 2; // 6to4 2002:AABB:CCDD::/48
        } else {
            return null;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean zeros(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
