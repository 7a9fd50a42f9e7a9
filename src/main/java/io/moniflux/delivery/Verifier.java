package io.moniflux.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     * Which of the run's events the backend holds, for backends that can be asked per event: the events
     * absent (in ranges of {@code seq}) and the ones held twice. Empty when this backend cannot say.
     *
     * @throws VerificationException when the backend cannot be asked
     */
    default Optional<SeqFindings> sequences(Query query, SeqExpectation expected) throws VerificationException {
        return Optional.empty();
    }

    /**
     * The events a run's parts were due to send of one signal: part {@code p}'s {@code i}-th event has
     * seq {@code i * workers + p}.
     */
    record SeqExpectation(int workers, Map<Integer, Long> duePerPart) {
    }

    /**
     * What a backend holds of the events due.
     *
     * @param absent     due events it does not hold (sent and lost, or never sent: failed or missed)
     * @param firstGaps  the first ranges of absent seqs, in part and seq order
     * @param duplicates events it holds more than once
     */
    record SeqFindings(long absent, List<SeqGap> firstGaps, long duplicates) {
    }

    /** Seqs {@code from} to {@code to} of a part, stepping by the run's workers, all absent. */
    record SeqGap(int part, long from, long to) {
    }

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
