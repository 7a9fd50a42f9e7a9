package io.moniflux.delivery;

import java.time.Instant;
import java.util.Set;

import io.moniflux.telemetry.Signal;

/**
 * Asks a destination's backend how many events of a run it holds, through the backend's own query
 * API, using the run marker every event carries. One per protocol whose backend can be queried.
 */
public interface Verifier {

    /** The destination type whose backend this asks. */
    String type();

    /** The signals this backend can be asked about. */
    Set<Signal> signals();

    /** Where the questions go, for people: {@code Prometheus query API at http://...}. */
    String describe(Query query);

    /**
     * Events of {@code query.signal()} of the run the backend holds.
     *
     * @throws VerificationException when the backend cannot be asked, with why
     */
    long count(Query query) throws VerificationException;

    /**
     * One question.
     *
     * @param endpoint where to ask instead of the destination's own host; null for that host
     * @param api      another API to ask in (prometheus), or null for the backend's own
     * @param from     the run's start
     * @param to       the run's end
     */
    record Query(Destination destination, String endpoint, String api, String testID, String runID, Signal signal,
            Instant from, Instant to) {
    }

    /** The backend cannot be asked, or did not answer in a way that can be read. */
    final class VerificationException extends Exception {

        public VerificationException(String message) {
            super(message);
        }

        public VerificationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
