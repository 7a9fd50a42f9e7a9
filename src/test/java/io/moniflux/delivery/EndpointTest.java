package io.moniflux.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @ParameterizedTest(name = "{0} + port {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "collector, 4318, http://collector:4318/logs",
            "collector, null, http://collector:80/logs",
            "collector:9000, null, http://collector:9000/logs",
            "http://collector, 4318, http://collector:4318/logs",
            "http://collector/base, 8080, http://collector:8080/base/logs",
            "http://collector/base/, null, http://collector:80/base/logs",
            "https://collector/otel, null, https://collector:443/otel/logs",
            "http://collector:8080/endpoint, 8080, http://collector:8080/endpoint/logs",
            "127.0.0.1, 8080, http://127.0.0.1:8080/logs",
            "http://[::1]:9000, null, http://[::1]:9000/logs"})
    void buildsTheUrlWhateverTheEndpointLooksLike(String endpoint, Integer port, String expected) {
        assertThat(Endpoint.parse(endpoint, port, "http", 80).resolve("/logs")).hasToString(expected);
    }

    @Test
    void refusesWhatIsNotAnEndpoint() {
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("http://exa mple.com", null, "http", 80));
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("http://", null, "http", 80));
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("http://user:pw@host", null, "http", 80))
                .withMessageContaining("credentials");
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("http://host:81", 82, "http", 80))
                .withMessageContaining("port");
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("host", 0, "http", 80));
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("http://host/?q=1", null, "http", 80));
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("", null, "http", 80));
    }
}
