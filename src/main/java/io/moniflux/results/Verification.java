package io.moniflux.results;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the backend said it holds of a run, asked after the run with the run marker every event
 * carries.
 *
 * @param status   pending (waiting for the settle time), verified, partly-verified (some signals could
 *                 not be asked about), not-verifiable (none could)
 * @param reason   why something could not be verified
 * @param backend  what was asked: {@code Prometheus query API at http://...}
 * @param settle   seconds waited after the run before asking
 * @param signals  per signal: what the destination accepted and what the backend holds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verification(String status, String reason, String backend, int settle, Instant checkedAt,
        Map<String, SignalVerification> signals) {

    public static final String PENDING = "pending";
    public static final String VERIFIED = "verified";
    public static final String PARTLY = "partly-verified";
    public static final String NOT_VERIFIABLE = "not-verifiable";

    /**
     * One signal.
     *
     * @param sent      events the destination accepted, by MoniFlux's count
     * @param verified  events the backend holds; absent when it could not be asked
     * @param lost      accepted but not held
     * @param extra     held beyond what was accepted (duplicates, retries of a proxy)
     * @param lossRatio lost / sent
     * @param reason    why this signal could not be verified
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SignalVerification(long sent, Long verified, Long lost, Long extra, Double lossRatio, String reason) {

        public static SignalVerification of(long sent, long verified) {
            long lost = Math.max(0, sent - verified);
            return new SignalVerification(sent, verified, lost, Math.max(0, verified - sent),
                    sent == 0 ? 0.0 : Math.round(lost * 1_000_000.0 / sent) / 1_000_000.0, null);
        }

        public static SignalVerification notVerifiable(long sent, String reason) {
            return new SignalVerification(sent, null, null, null, null, reason);
        }
    }
}
