package io.moniflux.delivery.statsd;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.Secret;

/**
 * A StatsD server: {@code host:port}, {@code udp://host:port} or {@code tcp://host:port}. StatsD has
 * no authentication, so an apiKey is refused.
 *
 * @param transport    udp (default) or tcp
 * @param flavor       {@code statsd} (default): labels become parts of the name; {@code dogstatsd}: they
 *                     are tags ({@code |#key:value})
 * @param mtu          the most bytes a UDP packet holds; lines fill packets up to it (default 1432)
 * @param prefix       the first part of every name (default moniflux)
 * @param histogramsAs how histogram and summary points are sent: {@code timer} (default, {@code |ms}),
 *                     or, with dogstatsd, {@code histogram} ({@code |h}) or {@code distribution} ({@code |d})
 * @param gaugesAs     {@code gauge} (default, {@code |g}) or {@code set} ({@code |s}: each gauge point's value,
 *                     rounded, as a member of a set that counts distinct values)
 */
@JsonTypeName(StatsdDestination.TYPE)
public record StatsdDestination(String name, String type, String endpoint, Integer port, Secret apiKey, String transport,
        String flavor, Integer mtu, String prefix, String histogramsAs, String gaugesAs) implements Destination {

    public static final String TYPE = "statsd";
    static final int DEFAULT_PORT = 8125;
    static final int DEFAULT_MTU = 1432;

    public StatsdDestination {
        type = TYPE;
        transport = lower(transport);
        flavor = lower(flavor);
        histogramsAs = lower(histogramsAs);
        gaugesAs = lower(gaugesAs);
    }

    private static String lower(String value) {
        return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    boolean dogStatsd() {
        return "dogstatsd".equals(flavor);
    }

    int mtuOrDefault() {
        return mtu == null ? DEFAULT_MTU : mtu;
    }

    String prefixOrDefault() {
        return prefix == null ? "moniflux" : prefix;
    }
}
