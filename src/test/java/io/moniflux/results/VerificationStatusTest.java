package io.moniflux.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.moniflux.results.Verification.SignalVerification;
import io.moniflux.results.Verification.Status;

/** A verification's status says what it found. */
class VerificationStatusTest {

    @Test
    void nothingHeldIsTotalLossNotVerified() {
        SignalVerification none = SignalVerification.of(1000, 0, 0);
        assertThat(none.status()).isEqualTo(Status.TOTAL_LOSS);
        assertThat(none.lossRatio()).isEqualTo(1.0);
        assertThat(Verification.overall(Map.of("logs", none))).isEqualTo(Status.TOTAL_LOSS);
    }

    @Test
    void someHeldIsPartialLossUnlessWithinTheTolerance() {
        assertThat(SignalVerification.of(1000, 750, 0).status()).isEqualTo(Status.PARTIAL_LOSS);
        assertThat(SignalVerification.of(1000, 999, 0).status()).isEqualTo(Status.PARTIAL_LOSS);
        assertThat(SignalVerification.of(1000, 999, 0.001).status()).isEqualTo(Status.VERIFIED);
        assertThat(SignalVerification.of(1000, 1000, 0).status()).isEqualTo(Status.VERIFIED);
        assertThat(SignalVerification.of(1000, 1003, 0).status()).as("extras are not a loss").isEqualTo(Status.VERIFIED);
    }

    @Test
    void theOverallStatusIsOverTheSignalsThatCouldBeAsked() {
        SignalVerification asked = SignalVerification.of(100, 100, 0);
        SignalVerification notAsked = SignalVerification.notVerifiable(100, "zipkin holds no logs");
        assertThat(Verification.overall(Map.of("traces", asked, "logs", notAsked))).isEqualTo(Status.VERIFIED);
        assertThat(Verification.overall(Map.of("logs", notAsked))).isEqualTo(Status.NOT_VERIFIABLE);
        assertThat(Verification.overall(Map.of("traces", SignalVerification.of(100, 0, 0), "metrics", asked)))
                .isEqualTo(Status.PARTIAL_LOSS);
        assertThat(Verification.overall(Map.of("traces", SignalVerification.of(100, 0, 0), "metrics",
                SignalVerification.of(50, 0, 0)))).isEqualTo(Status.TOTAL_LOSS);
    }

    @Test
    void statusesAreWrittenAsTheirNames() {
        assertThat(Status.PARTIAL_LOSS.key()).isEqualTo("partial-loss");
        assertThat(Status.TOTAL_LOSS.key()).isEqualTo("total-loss");
        assertThat(Status.NOT_VERIFIABLE.key()).isEqualTo("not-verifiable");
    }
}
