package io.moniflux.delivery;

import java.util.List;
import java.util.Set;

import io.moniflux.telemetry.Signal;

/**
 * One destination type: what it can carry, how its destination is checked, and how a channel that
 * encodes and sends batches of one signal is opened. Adding a protocol is one class implementing
 * this.
 */
public interface Protocol {

    /** The value of {@code destination.type} that selects this protocol. */
    String type();

    /** The signals this protocol can carry. */
    Set<Signal> signals();

    /** Problems with a destination of this type; empty when it can be used. */
    List<DestinationProblem> check(Destination destination);

    /** The port of an endpoint that names none. */
    default int defaultPort() {
        return 80;
    }

    /** Whether destinations of this type are network addresses (checked by the address policy). */
    default boolean network() {
        return true;
    }

    /** The destination options this protocol reads, beyond name, type, endpoint, port and apiKey. */
    default Set<String> options() {
        return Set.of();
    }

    /**
     * Requests in flight per stream when a test does not say; 0 for the service's default. A protocol
     * whose receivers need samples in order (Prometheus remote write) sends one at a time.
     */
    default int defaultMaxInFlight() {
        return 0;
    }

    /** Events per request when a test does not say. */
    default int defaultBatchSize() {
        return 100;
    }

    /** Opens a channel that sends batches of {@code signal} to {@code destination}. */
    Channel open(Destination destination, Signal signal, ChannelSettings settings);
}
