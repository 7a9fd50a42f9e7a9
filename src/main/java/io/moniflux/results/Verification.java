package io.moniflux.results;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the backend said it holds of a run, asked after the run with the run marker every event
 * carries.
 *
 * @param status    what was found, over the signals that could be asked about
 * @param reason    why something could not be verified
 * @param backend   what was asked: {@code Prometheus query API at http://...}
 * @param settle    seconds waited after the run before asking
 * @param tolerance the loss ratio still counted as nothing lost (0 unless the test says)
 * @param signals   per signal: what the destination accepted and what the backend holds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verification(Status status, String reason, String backend, int settle, double tolerance, Instant checkedAt,
        Map<String, SignalVerification> signals) {

    /** What a verification found. */
    public enum Status {
        /** Waiting for the settle time to pass, or for the backend's answer. */
        PENDING("pending"),
        /** The backend holds what the destination accepted, within the tolerance. */
        VERIFIED("verified"),
        /** The backend holds some of it, but more was lost than the tolerance allows. */
        PARTIAL_LOSS("partial-loss"),
        /** The backend holds none of what the destination accepted. */
        TOTAL_LOSS("total-loss"),
        /** The backend could not be asked (no query API, unreachable, refused, unreadable answer). */
        NOT_VERIFIABLE("not-verifiable");

        private final String key;

        Status(String key) {
            this.key = key;
        }

        @JsonValue
        public String key() {
            return key;
        }
    }

    /** A verification that waits for its settle time. */
    public static Verification pending(int settle, double tolerance) {
        return new Verification(Status.PENDING, null, null, settle, tolerance, null, null);
    }

    /** A verification that could not ask the backend at all. */
    public static Verification notVerifiable(String reason, int settle, double tolerance, Instant at) {
        return new Verification(Status.NOT_VERIFIABLE, reason, null, settle, tolerance, at, null);
    }

    /**
     * The finding over every signal that could be asked about: verified when each is, total loss when the
     * backend holds nothing of any of them, partial loss otherwise; not verifiable when none could be asked.
     */
    public static Status overall(Map<String, SignalVerification> signals) {
        long asked = signals.values().stream().filter(s -> s.status() != Status.NOT_VERIFIABLE).count();
        if (asked == 0) {
            return Status.NOT_VERIFIABLE;
        }
        if (signals.values().stream().filter(s -> s.status() != Status.NOT_VERIFIABLE).allMatch(s -> s.status() == Status.VERIFIED)) {
            return Status.VERIFIED;
        }
        boolean nothing = signals.values().stream().filter(s -> s.status() != Status.NOT_VERIFIABLE)
                .allMatch(s -> s.status() == Status.TOTAL_LOSS || s.status() == Status.VERIFIED && s.sent() == 0);
        return nothing ? Status.TOTAL_LOSS : Status.PARTIAL_LOSS;
    }

    public boolean pending() {
        return status == Status.PENDING;
    }

    /**
     * One signal.
     *
     * @param status    verified, partial-loss, total-loss or not-verifiable
     * @param sent      events the destination accepted, by MoniFlux's count
     * @param verified  events the backend holds; absent when it could not be asked
     * @param lost      accepted but not held
     * @param extra     held beyond what was accepted (duplicates, retries of a proxy)
     * @param lossRatio lost / sent
     * @param reason    why this signal could not be verified
     * @param replayed  events that may have been sent twice after a takeover of a part ({@link Replay}), at
     *                  most: what {@code extra} may hold of them; absent when no part was taken over
     * @param sequences which events are absent and which held twice, where the backend can be asked per event
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SignalVerification(Status status, long sent, Long verified, Long lost, Long extra, Double lossRatio,
            String reason, Long replayed, Sequences sequences) {

        public SignalVerification(Status status, long sent, Long verified, Long lost, Long extra, Double lossRatio,
                String reason, Long replayed) {
            this(status, sent, verified, lost, extra, lossRatio, reason, replayed, null);
        }

        public SignalVerification withSequences(Sequences found) {
            return new SignalVerification(status, sent, verified, lost, extra, lossRatio, reason, replayed, found);
        }

        /** What the backend holds against what was accepted; a loss up to {@code tolerance} counts as none. */
        public static SignalVerification of(long sent, long verified, double tolerance) {
            return of(sent, verified, tolerance, 0);
        }

        /**
         * As {@link #of(long, long, double)}, for a run of which up to {@code replayed} events were sent twice
         * after takeovers: the backend may then hold more than was accepted, and a count cannot tell a
         * duplicate from a loss made up for by one.
         */
        public static SignalVerification of(long sent, long verified, double tolerance, long replayed) {
            long lost = Math.max(0, sent - verified);
            double ratio = sent == 0 ? 0.0 : Math.round(lost * 1_000_000.0 / sent) / 1_000_000.0;
            Status status = ratio <= tolerance ? Status.VERIFIED : verified == 0 ? Status.TOTAL_LOSS : Status.PARTIAL_LOSS;
            return new SignalVerification(status, sent, verified, lost, Math.max(0, verified - sent), ratio, null,
                    replayed > 0 ? replayed : null);
        }

        public static SignalVerification notVerifiable(long sent, String reason) {
            return new SignalVerification(Status.NOT_VERIFIABLE, sent, null, null, null, null, reason, null);
        }
    }

    /**
     * The run's events a backend does not hold, by seq, and the ones it holds twice.
     *
     * @param absent         events due that the backend does not hold
     * @param failedOrMissed of them, those the run itself did not get accepted (failed or missed): the rest were
     *                       accepted and then lost
     * @param firstGaps      the first ranges of absent seqs
     * @param duplicates     events held more than once
     */
    public record Sequences(long absent, long failedOrMissed, List<Gap> firstGaps, long duplicates) {

        /** Seqs {@code from} to {@code to} of part {@code part}, stepping by the run's workers. */
        public record Gap(int part, long from, long to) {
        }
    }
}
