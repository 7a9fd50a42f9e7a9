package io.moniflux.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.HttpSink;
import io.moniflux.support.Scenario;

/** The caps on running tests and aggregate rate; the runs they let through load a sink on 127.0.0.1. */
@FullStackTest(properties = {"moniflux.limits.max-user-tests=1", "moniflux.limits.max-user-rate=100",
        "moniflux.limits.max-total-rate=150", "moniflux.limits.max-running-tests=2"})
class CapsTest {

    @LocalServerPort
    int port;

    @Test
    void capsRefuseWhatWouldGoOverThemAndSayWhichCap() {
        try (HttpSink sink = new HttpSink()) {
            Map<String, Object> nowhere = Map.of("endpoint", sink.url());
            Api admin = new Api(port);
            Api.Response first = admin.post("/start-test", Scenario.to("cap", nowhere).with("userID", "ann").with("logRate", 60)
                    .with("duration", 60).definition());
            assertThat(first.status()).as(first.toString()).isEqualTo(200);

            Api.Response second = admin.post("/start-test", Scenario.to("cap", nowhere).with("userID", "ann").with("logRate", 1)
                    .with("duration", 60).definition());
            assertThat(second.status()).isEqualTo(400);
            assertThat(second.code()).isEqualTo("cap-exceeded");
            assertThat(second.json().path("detail").asString()).contains("the cap is 1 running tests per user");

            Api.Response tooFast = admin.post("/start-test", Scenario.to("cap", nowhere).with("userID", "ben").with("logRate", 101)
                    .with("duration", 60).definition());
            assertThat(tooFast.code()).isEqualTo("cap-exceeded");
            assertThat(tooFast.json().path("detail").asString()).contains("the cap is 100.0 events/s per user");

            Api.Response overAll = admin.post("/start-test", Scenario.to("cap", nowhere).with("userID", "ben").with("logRate", 95)
                    .with("duration", 60).definition());
            assertThat(overAll.code()).isEqualTo("cap-exceeded");
            assertThat(overAll.json().path("detail").asString()).contains("the cap is 150.0 events/s in all");

            Api.Response fits = admin.post("/start-test", Scenario.to("cap", nowhere).with("userID", "ben").with("logRate", 80)
                    .with("duration", 60).definition());
            assertThat(fits.status()).as(fits.toString()).isEqualTo(200);

            Api.Response third = admin.post("/start-test", Scenario.to("cap", nowhere).with("userID", "cy").with("logRate", 1)
                    .with("duration", 60).definition());
            assertThat(third.json().path("detail").asString()).contains("the cap is 2 running tests in all");

            Api.Response faster = admin.patch("/tests/" + first.json().path("testID").asString() + "/rates", Map.of("logRate", 150));
            assertThat(faster.code()).isEqualTo("cap-exceeded");

            admin.post("/cancel-test", Map.of("testID", first.json().path("testID").asString()));
            admin.post("/cancel-test", Map.of("testID", fits.json().path("testID").asString()));
        }
    }

    @Test
    void startsRacingEachOtherCannotTogetherGoOverACap() throws Exception {
        try (HttpSink sink = new HttpSink()) {
            race(Map.of("endpoint", sink.url()));
        }
    }

    private void race(Map<String, Object> nowhere) throws Exception {
        Api admin = new Api(port);
        List<Callable<Api.Response>> starts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Map<String, Object> definition = Scenario.to("race", nowhere).with("userID", "dee").with("logRate", 1)
                    .with("duration", 60).definition();
            starts.add(() -> admin.post("/start-test", definition));
        }
        List<Api.Response> responses = new ArrayList<>();
        try (var threads = Executors.newFixedThreadPool(16)) {
            for (var future : threads.invokeAll(starts)) {
                responses.add(future.get());
            }
        }
        List<Api.Response> started = responses.stream().filter(response -> response.status() == 200).toList();
        assertThat(started).as("one running test per user, however the starts interleave").hasSize(1);
        assertThat(responses).filteredOn(response -> response.status() != 200)
                .allSatisfy(refused -> assertThat(refused.code()).isEqualTo("cap-exceeded"));
        admin.post("/cancel-test", Map.of("testID", started.getFirst().json().path("testID").asString()));
    }
}
