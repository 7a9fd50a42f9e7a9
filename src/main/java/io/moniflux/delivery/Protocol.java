package io.moniflux.delivery;

import java.util.List;
import java.util.Set;

import io.moniflux.telemetry.MetricKind;
import io.moniflux.telemetry.Signal;

/**
 * One destination type: the record of its options, what it can carry, how its destination is checked,
 * and how a channel that encodes and sends batches of one signal is opened. A protocol lives in its
 * backend's package with that record and, when the backend can be asked what it stored, its
 * {@link Verifier}; adding a protocol is those classes and nothing else.
 *
 * @param <D> the record of this type's destinations
 */
public interface Protocol<D extends Destination> {

    /** The value of {@code destination.type} that selects this protocol. */
    String type();

    /** The record a destination of this type is read into (unknown fields are refused). */
    Class<D> destinationType();

    /** The signals this protocol can carry. */
    Set<Signal> signals();

    /**
     * The kinds of metric this protocol can put on the wire without losing their meaning. Every classic
     * format carries counters, gauges, histograms and summaries; exponential histograms only OTLP.
     */
    default Set<MetricKind> metricKinds() {
        return CLASSIC_METRIC_KINDS;
    }

    /** Counters, gauges, fixed-bucket histograms and summaries. */
    Set<MetricKind> CLASSIC_METRIC_KINDS = Set.of(MetricKind.COUNTER, MetricKind.GAUGE, MetricKind.HISTOGRAM, MetricKind.SUMMARY);

    /** Every kind, exponential histograms too. */
    Set<MetricKind> ALL_METRIC_KINDS = Set.of(MetricKind.values());

    /** Problems with a destination of this type, beyond the checks every destination gets; empty when it can be used. */
    List<DestinationProblem> check(D destination);

    /** The port of an endpoint that names none; 0 for a type that is not on the network. */
    int defaultPort();

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

    /** Whether destinations of this type are network addresses (checked by the address policy). */
    default boolean network() {
        return defaultPort() > 0;
    }

    /** Opens a channel that sends batches of {@code signal} to {@code destination}. */
    Channel open(D destination, Signal signal, ChannelSettings settings);

    /** Every address a destination of this type names (Kafka's bootstrap brokers), each checked by the address policy. */
    default List<Endpoint> endpoints(D destination) {
        return List.of(endpoint(destination));
    }

    /** The endpoint of a destination of this type, its default port applied. */
    default Endpoint endpoint(D destination) {
        return Endpoint.parse(destination.endpoint(), destination.port(), "http", defaultPort());
    }
}
