package io.moniflux.delivery;

import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.MetricEvent;

/**
 * Sends batches of one signal to one destination. {@link #send} blocks until the destination has
 * answered, so callers run it on a virtual thread; several sends may run at once.
 */
public interface Channel extends AutoCloseable {

    /** Encodes and sends a batch. Delivery failures are results, not exceptions. */
    DeliveryResult send(Batch<?> batch);

    /**
     * The series values one point becomes on this channel's wire: one, unless the format spreads a
     * point over several series (a Prometheus histogram is its buckets, a sum and a count).
     */
    default int samples(MetricEvent point) {
        return 1;
    }

    /** Closes connections; sends still in progress end as failed. */
    @Override
    void close();
}
