package io.moniflux.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;

/** What operators and Swagger UI users rely on. */
@FullStackTest
class OperationsEndpointsTest {

    @LocalServerPort
    int port;

    @Test
    void healthHasLivenessAndReadinessGroupsAndReadinessIncludesTheDatabase() {
        Api api = new Api(port);
        assertThat(api.get("/actuator/health").json().path("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
        Api.Response readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().path("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusScrapeWorks() {
        Api.Response scrape = new Api(port).get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void openApiDescribesEveryEndpoint() {
        Api api = new Api(port);
        Api.Response docs = api.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        var paths = docs.json().path("paths");
        assertThat(paths.has("/create-test")).isTrue();
        assertThat(paths.has("/start-test")).isTrue();
        assertThat(paths.has("/restart-test")).isTrue();
        assertThat(paths.has("/schedule-test")).isTrue();
        assertThat(paths.has("/cancel-test")).isTrue();
        assertThat(paths.has("/tests")).isTrue();
        assertThat(paths.has("/tests/{testID}")).isTrue();
        assertThat(docs.body()).contains("\"example\"");
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        Api api = new Api(port);
        Api.Response missing = api.get("/no-such-thing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("not-found");
        Api.Response wrongMethod = api.get("/start-test");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.code()).isEqualTo("method-not-allowed");
    }
}
