package io.moniflux.delivery.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.DestinationRefusedException;
import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.GuardedHttp;
import io.moniflux.delivery.HttpOptions;
import io.moniflux.delivery.Secret;
import io.moniflux.delivery.Tls;
import io.moniflux.delivery.Verifier.VerificationException;
import io.moniflux.support.HttpSink;

/**
 * Webhook and verification calls connect only to the addresses the policy allowed when the connection
 * opened: checking a name and then letting a client resolve it again leaves a DNS-rebinding window.
 * The tests stand in for a name that resolves elsewhere between the check and the connection with a
 * policy that allows a different address than the one the name first gave.
 */
class GuardedHttpClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Allows only 127.0.0.2, where nothing listens: what the name "resolved to" at connect time. */
    private static final AddressPolicy ELSEWHERE = (host, port, addresses) -> {
        try {
            return List.of(InetAddress.getByAddress(new byte[] {127, 0, 0, 2}));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    };

    @Test
    void aCallConnectsOnlyToTheAddressesThePolicyAllowed() {
        try (HttpSink sink = new HttpSink()) {
            GuardedHttp http = new GuardedHttpClient(ELSEWHERE);
            assertThatThrownBy(() -> http.call(GuardedHttp.Call.post(URI.create(sink.url() + "/hook"), Map.of(),
                    "application/json", "{}", null, TIMEOUT))).isInstanceOf(IOException.class);
            assertThat(sink.count()).isZero();
        }
    }

    @Test
    void aRefusedAddressIsNotCalledAndTheRefusalSaysWhy() {
        try (HttpSink sink = new HttpSink()) {
            List<String> asked = new ArrayList<>();
            GuardedHttp http = new GuardedHttpClient((host, port, addresses) -> {
                asked.add(host + ":" + port);
                throw new DestinationRefusedException("destination " + host + " is refused: loopback");
            });
            assertThatThrownBy(() -> http.call(GuardedHttp.Call.get(URI.create(sink.url() + "/x"), Map.of(), null, TIMEOUT)))
                    .isInstanceOf(DestinationRefusedException.class).hasMessageContaining("loopback");
            assertThat(asked).containsExactly("127.0.0.1:" + URI.create(sink.url()).getPort());
            assertThat(sink.count()).isZero();
        }
    }

    @Test
    void getsAndPostsArriveWithPathQueryHeadersCredentialsAndBody() throws IOException {
        try (HttpSink sink = new HttpSink()) {
            GuardedHttp http = new GuardedHttpClient(AddressPolicy.ALLOW_ALL);
            int port = URI.create(sink.url()).getPort();
            GuardedHttp.Answer got = http.call(GuardedHttp.Call.get(URI.create(sink.url() + "/api/v1/query?query=up%7Bjob%3D%22a%22%7D"),
                    Map.of("X-Scope-OrgID", "tenant"), null, TIMEOUT));
            GuardedHttp.Answer posted = http.call(GuardedHttp.Call.post(URI.create("http://hook:s3cret@127.0.0.1:" + port + "/hooks/moniflux"),
                    Map.of(), "application/json", "{\"event\":\"run.completed\"}", null, TIMEOUT));

            assertThat(got.success()).isTrue();
            assertThat(posted.success()).isTrue();
            List<HttpSink.Received> received = List.copyOf(sink.received());
            assertThat(received.get(0).method()).isEqualTo("GET");
            assertThat(received.get(0).path()).isEqualTo("/api/v1/query");
            assertThat(received.get(0).query()).isEqualTo("query=up%7Bjob%3D%22a%22%7D");
            assertThat(received.get(0).header("X-Scope-OrgID")).isEqualTo("tenant");
            assertThat(received.get(1).method()).isEqualTo("POST");
            assertThat(received.get(1).path()).isEqualTo("/hooks/moniflux");
            assertThat(received.get(1).text()).isEqualTo("{\"event\":\"run.completed\"}");
            assertThat(received.get(1).header("Authorization")).isEqualTo("Basic aG9vazpzM2NyZXQ=");
        }
    }

    @Test
    void aVerificationQueryUsesTheGuardedConnectionToo() {
        try (HttpSink sink = new HttpSink()) {
            QueryClient client = new QueryClient(new GuardedHttpClient(ELSEWHERE));
            assertThatThrownBy(() -> client.get(Endpoint.parse(sink.url(), null, "http", 80), "/api/v1/status", new NoOptions(), Map.of()))
                    .isInstanceOf(VerificationException.class).hasMessageContaining("cannot reach");
            assertThat(sink.count()).isZero();
        }
    }

    private record NoOptions() implements HttpOptions {
        @Override
        public Map<String, Secret> headers() {
            return Map.of();
        }

        @Override
        public String compression() {
            return null;
        }

        @Override
        public Tls tls() {
            return null;
        }
    }
}
