package io.moniflux.delivery.http;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.moniflux.delivery.DestinationRefusedException;
import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.GuardedHttp;
import io.moniflux.delivery.HttpOptions;
import io.moniflux.delivery.Verifier;
import io.moniflux.delivery.Verifier.VerificationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few HTTP requests a verification makes: to the destination's host (or the endpoint the test
 * names), with its headers, credentials and TLS trust, past the same address policy as its load.
 */
@Component
public final class QueryClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final GuardedHttp http;

    QueryClient(GuardedHttp http) {
        this.http = http;
    }

    /** The base to query: the test's verify endpoint, or the destination's scheme, host and port. */
    public static Endpoint base(Verifier.Query query, int defaultPort) {
        String url = query.endpoint() != null ? query.endpoint() : query.destination().endpoint();
        Endpoint endpoint = Endpoint.parse(url, query.endpoint() != null ? null : query.destination().port(), "http", defaultPort);
        return query.endpoint() != null ? endpoint : new Endpoint(endpoint.scheme(), endpoint.host(), endpoint.port(), "");
    }

    public JsonNode get(Endpoint base, String pathAndQuery, HttpOptions destination, Map<String, String> headers)
            throws VerificationException {
        return send(base, pathAndQuery, destination, headers, null, null);
    }

    public JsonNode post(Endpoint base, String path, HttpOptions destination, Map<String, String> headers, String contentType,
            String body) throws VerificationException {
        return send(base, path, destination, headers, contentType, body);
    }

    public String postText(Endpoint base, String path, HttpOptions destination, Map<String, String> headers, String contentType,
            String body) throws VerificationException {
        return exchange(base, path, destination, headers, contentType, body);
    }

    private JsonNode send(Endpoint base, String path, HttpOptions destination, Map<String, String> headers, String contentType,
            String body) throws VerificationException {
        String answer = exchange(base, path, destination, headers, contentType, body);
        try {
            return JSON.readTree(answer);
        } catch (RuntimeException e) {
            throw new VerificationException(base.resolve(path).getPath() + " did not answer JSON: it answered " + describe(answer));
        }
    }

    private String exchange(Endpoint base, String path, HttpOptions destination, Map<String, String> headers,
            String contentType, String body) throws VerificationException {
        URI uri = base.resolve(path);
        Map<String, String> all = new LinkedHashMap<>(destination.headerValues());
        all.putAll(headers);
        GuardedHttp.Call call = body == null ? GuardedHttp.Call.get(uri, all, destination.tls(), TIMEOUT)
                : GuardedHttp.Call.post(uri, all, contentType, body, destination.tls(), TIMEOUT);
        GuardedHttp.Answer answer;
        try {
            answer = http.call(call);
        } catch (DestinationRefusedException e) {
            throw new VerificationException(e.getMessage());
        } catch (UnknownHostException e) {
            throw new VerificationException("unknown host " + base.bareHost());
        } catch (IOException e) {
            throw new VerificationException("cannot reach " + uri.getScheme() + "://" + uri.getAuthority() + ": "
                    + Failures.classify(e), e);
        }
        if (!answer.success()) {
            throw new VerificationException(uri.getScheme() + "://" + uri.getAuthority() + uri.getPath() + " answered "
                    + answer.status() + " with " + describe(answer.text()));
        }
        return answer.text();
    }

    /**
     * What kind of answer a backend gave, never what it said: the guard may allow internal hosts whose
     * replies a user must not be able to read through a verification error.
     */
    public static String describe(String answer) {
        if (answer == null || answer.isBlank()) {
            return "an empty body";
        }
        String start = answer.stripLeading();
        String kind = start.startsWith("{") || start.startsWith("[") ? "a JSON body"
                : start.regionMatches(true, 0, "<!doctype html", 0, 14) || start.regionMatches(true, 0, "<html", 0, 5) ? "an HTML page"
                        : start.startsWith("<") ? "an XML body" : "a text body";
        return kind + " of " + answer.length() + " characters";
    }
}
