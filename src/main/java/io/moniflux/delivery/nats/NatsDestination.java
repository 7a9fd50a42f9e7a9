package io.moniflux.delivery.nats;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.Secret;

/**
 * A NATS server: {@code nats://host:port} or {@code host:port}. The apiKey, when given, is the
 * connection's token; {@code user} and {@code password} log in instead.
 *
 * @param subject   the subject each signal's events go to; {@code {signal}} is replaced by logs, metrics or
 *                  traces (default {@code moniflux.{signal}})
 * @param jetStream publish to JetStream and count an event as sent only once its stream acknowledged it;
 *                  by default, core NATS, where an event is sent once the server has read it (a flush)
 * @param user      user name, with {@code password}
 * @param password  password of {@code user}
 */
@JsonTypeName(NatsDestination.TYPE)
public record NatsDestination(String name, String type, String endpoint, Integer port, Secret apiKey, String subject,
        Boolean jetStream, String user, Secret password) implements Destination {

    public static final String TYPE = "nats";
    static final int DEFAULT_PORT = 4222;
    static final String DEFAULT_SUBJECT = "moniflux.{signal}";

    public NatsDestination {
        type = TYPE;
    }

    /** The subject of one signal's events. */
    String subjectOf(String signal) {
        return (subject == null ? DEFAULT_SUBJECT : subject).replace("{signal}", signal);
    }

    boolean jetStreamAcks() {
        return Boolean.TRUE.equals(jetStream);
    }
}
