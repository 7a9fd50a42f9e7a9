package io.moniflux.delivery;

import io.moniflux.telemetry.Batch;

/**
 * Sends batches of one signal to one destination. {@link #send} blocks until the destination has
 * answered, so callers run it on a virtual thread; several sends may run at once.
 */
public interface Channel extends AutoCloseable {

    /** Encodes and sends a batch. Delivery failures are results, not exceptions. */
    DeliveryResult send(Batch<?> batch);

    /** Closes connections; sends still in progress end as failed. */
    @Override
    void close();
}
