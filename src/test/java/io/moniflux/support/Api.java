package io.moniflux.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for full-stack tests: real requests to the running service. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The admin token the test configuration bootstraps (application-default.yaml). */
    public static final String ADMIN_TOKEN = "mfx_test-admin-token-0123456789abcdef";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Map<String, String> headers = new LinkedHashMap<>();

    /** A client calling as the admin. */
    public Api(int port) {
        this("http://127.0.0.1:" + port);
        headers.put("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    private Api(String base) {
        this.base = base;
    }

    /** A client sending no credentials. */
    public static Api anonymous(int port) {
        return new Api("http://127.0.0.1:" + port);
    }

    /** A client calling with {@code token}. */
    public static Api withToken(int port, String token) {
        return anonymous(port).withHeader("Authorization", "Bearer " + token);
    }

    /** A copy that sends {@code name: value} with every request. */
    public Api withHeader(String name, String value) {
        Api copy = new Api(base);
        copy.headers.putAll(headers);
        copy.headers.put(name, value);
        return copy;
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Response send(String method, String path, Object body) {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofString(text));
        if (headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("Content-Type"))) {
            request.header("Content-Type", "application/json");
        }
        return send(request);
    }

    private Response send(HttpRequest.Builder builder) {
        headers.forEach(builder::header);
        try {
            HttpResponse<String> response = client.send(builder.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a Server-Sent Events stream; the caller closes it. */
    public EventStream stream(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream").GET();
        headers.forEach(builder::header);
        try {
            HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new EventStream(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(String text) {
        return JSON.readTree(text);
    }

    /** A response: status, headers and the body, parsed as JSON on demand. */
    public record Response(int status, Map<String, List<String>> headers, String body) {

        public JsonNode json() {
            return parse(body);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        /** The machine-readable code of a problem response. */
        public String code() {
            return json().path("code").asString();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
