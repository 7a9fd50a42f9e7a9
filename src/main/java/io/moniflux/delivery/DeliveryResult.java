package io.moniflux.delivery;

/**
 * What became of one batch.
 *
 * @param accepted   events the destination took
 * @param refused    events it refused or that were lost with a failed request
 * @param status     HTTP status code, or 0 when the protocol has none or no answer came
 * @param errorClass why the request failed (timeout, connection-refused, http-500...), null when it did not
 * @param bytes      bytes of the request body
 */
public record DeliveryResult(int accepted, int refused, int status, String errorClass, long bytes) {

    public static DeliveryResult accepted(int events, int status, long bytes) {
        return new DeliveryResult(events, 0, status, null, bytes);
    }

    public static DeliveryResult failed(int events, int status, String errorClass, long bytes) {
        return new DeliveryResult(0, events, status, errorClass, bytes);
    }

    public boolean ok() {
        return errorClass == null && refused == 0;
    }
}
