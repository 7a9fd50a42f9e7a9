package io.moniflux.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.EventStream;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.Scenario;

/** One user holds at most so many progress streams open; closing one makes room. */
@FullStackTest(properties = "moniflux.watch.max-user-streams=2")
class StreamCapTest {

    @LocalServerPort
    int port;

    @Test
    void aThirdStreamOfOneUserIsRefusedUntilOneCloses() {
        Api api = new Api(port);
        Scenario test = Scenario.to("stream-cap", Map.of("endpoint", "http://127.0.0.1:9")).with("logRate", 1).with("duration", 5);
        Api.Response created = api.post("/create-test", test.definition());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String path = "/tests/" + test.testID() + "/stream";

        try (EventStream first = api.stream(path); EventStream second = api.stream(path)) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            try (EventStream third = api.stream(path)) {
                assertThat(third.status()).isEqualTo(429);
                assertThat(third.errorBody()).contains("\"code\":\"cap-exceeded\"").contains("MONIFLUX_WATCH_MAX_USER_STREAMS");
            }
            first.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (EventStream again = api.stream(path)) {
                    return again.status() == 200;
                }
            });
        }
    }
}
