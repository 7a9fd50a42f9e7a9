package io.moniflux.delivery;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The HTTP calls MoniFlux makes besides its load: verification queries and webhooks. Each connection
 * is opened only to an address the address policy allows for it at that moment, as the load channels'
 * are. Checking a URL's name and then letting an HTTP client resolve it again to connect would leave a
 * window in which the name resolves elsewhere (DNS rebinding); here the check is on the address
 * connected to. Redirects are never followed.
 */
public interface GuardedHttp {

    /** One request. {@code body} null means a GET; {@code tls} null means the JDK's default trust. */
    record Call(URI uri, Map<String, String> headers, String contentType, byte[] body, Tls tls, Duration timeout) {

        public static Call get(URI uri, Map<String, String> headers, Tls tls, Duration timeout) {
            return new Call(uri, headers, null, null, tls, timeout);
        }

        public static Call post(URI uri, Map<String, String> headers, String contentType, String body, Tls tls,
                Duration timeout) {
            return new Call(uri, headers, contentType, body.getBytes(StandardCharsets.UTF_8), tls, timeout);
        }
    }

    /** An answer: its status and body. */
    record Answer(int status, byte[] body) {

        public boolean success() {
            return status / 100 == 2;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Makes the call.
     *
     * @throws DestinationRefusedException when the policy allows none of the addresses the host resolves to now
     * @throws IOException                 when the call fails on the network or the answer is not HTTP
     */
    Answer call(Call call) throws IOException;
}
