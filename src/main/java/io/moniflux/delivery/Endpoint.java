package io.moniflux.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds a request URI from a destination's {@code endpoint} and {@code port}, whether the endpoint
 * has a scheme, a path, a port of its own, or none of these ({@code collector}, {@code
 * collector:4318}, {@code https://collector/otel}). The Go service concatenated the port after the
 * endpoint, which broke as soon as the endpoint had a path; this does not.
 */
public record Endpoint(String scheme, String host, int port, String basePath) {

    /** Parses and checks an endpoint; the message of the exception says what is wrong. */
    public static Endpoint parse(String endpoint, Integer port, String defaultScheme, int defaultPort) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoint is required");
        }
        String text = endpoint.strip();
        if (text.length() > 2048) {
            throw new IllegalArgumentException("endpoint must be at most 2048 characters");
        }
        if (text.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("endpoint must not contain spaces or control characters");
        }
        if (!text.contains("://")) {
            text = defaultScheme + "://" + text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint is not a valid URL: " + e.getReason());
        }
        String scheme = Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse(defaultScheme);
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("endpoint has no valid host name: " + endpoint.strip());
        }
        if (uri.getHost().length() > 253) {
            throw new IllegalArgumentException("endpoint's host name is longer than DNS allows (253 characters)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint must not carry credentials; use apiKey instead");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("endpoint must not have a query or fragment");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("port must be between 1 and 65535");
        }
        int effectivePort;
        if (uri.getPort() != -1) {
            if (port != null && port != uri.getPort()) {
                throw new IllegalArgumentException("endpoint names port " + uri.getPort() + " but port is " + port);
            }
            effectivePort = uri.getPort();
        } else if (port != null) {
            effectivePort = port;
        } else if (!endpoint.contains("://")) {
            effectivePort = defaultPort;
        } else {
            effectivePort = switch (scheme) {
                case "https" -> 443;
                case "http" -> 80;
                default -> defaultPort;
            };
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new Endpoint(scheme, uri.getHost(), effectivePort, path);
    }

    /** The URI of {@code suffix} (say {@code /v1/logs}) below the endpoint's own path. */
    public URI resolve(String suffix) {
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create(scheme + "://" + hostPart + ":" + port + basePath + suffix);
    }

    /** The host without IPv6 brackets, for resolving and connecting. */
    public String bareHost() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }
}
