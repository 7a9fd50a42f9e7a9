package io.moniflux.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;

/** Failed authentication is audited and, repeated from one address, answered 429 for a while. */
@FullStackTest(properties = {"moniflux.security.failed-authentication.max-failures=3",
        "moniflux.security.failed-authentication.block-for=1m", "moniflux.security.max-body-size=1KB"})
@ExtendWith(OutputCaptureExtension.class)
class FailedAuthenticationTest {

    @LocalServerPort
    int port;

    @Test
    void refusedRequestsAreAuditedAndRepeatedFailuresAreThrottled(CapturedOutput output) {
        Api admin = new Api(port);
        Api.Response tooLarge = admin.send("POST", "/create-test", "{\"testID\":\"" + "x".repeat(2_000) + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
        // the audit line is written once the answer went out
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getOut())
                .contains("\"path\":\"/create-test\",\"status\":413,\"outcome\":\"refused\""));

        Api guessing = new Api(port).withHeader("Authorization", "Bearer mfx_guess-0000000000000000");
        for (int i = 0; i < 3; i++) {
            assertThat(guessing.post("/cancel-test", Map.of("testID", "t")).status()).isEqualTo(401);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getOut())
                .contains("\"who\":\"anonymous\",\"method\":\"POST\",\"path\":\"/cancel-test\",\"status\":401"));

        Api.Response throttled = guessing.post("/cancel-test", Map.of("testID", "t"));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.code()).isEqualTo("too-many-failed-authentications");
        assertThat(throttled.header("Retry-After")).isNotBlank();
        assertThat(admin.get("/tests").status()).as("the whole address waits, whatever token it sends now").isEqualTo(429);
    }
}
