package io.moniflux.delivery.syslog;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.Secret;

/**
 * A syslog receiver: {@code host:port}, {@code tcp://host:port} or {@code udp://host:port}. Syslog has
 * no authentication, so an apiKey is refused.
 *
 * @param transport {@code tcp} (default) or {@code udp}
 * @param facility  0-23 (default 1, user)
 * @param appName   the messages' APP-NAME (default moniflux)
 */
@JsonTypeName(SyslogDestination.TYPE)
public record SyslogDestination(String name, String type, String endpoint, Integer port, Secret apiKey, String transport,
        Integer facility, String appName) implements Destination {

    public static final String TYPE = "syslog";

    public SyslogDestination {
        type = TYPE;
        transport = transport == null ? null : transport.strip().toLowerCase(Locale.ROOT);
    }
}
