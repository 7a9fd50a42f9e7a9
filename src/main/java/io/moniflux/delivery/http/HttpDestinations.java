package io.moniflux.delivery.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.HttpOptions;
import io.moniflux.delivery.Tls;

/** The checks every destination that speaks HTTP gets: its endpoint, headers, compression and TLS trust. */
public final class HttpDestinations {

    private static final Set<String> SCHEMES = Set.of("http", "https");
    /** HTTP's token characters: what a header name may be made of. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    /** Headers the protocol itself sets: a user value would corrupt the request or smuggle another. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "content-type", "content-encoding",
            "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-connection");
    private static final int MAX_HEADERS = 32;

    private HttpDestinations() {
    }

    /** Problems with an HTTP destination whose endpoint names no port: {@code defaultPort} then. */
    public static <D extends Destination & HttpOptions> List<DestinationProblem> check(D destination, int defaultPort) {
        List<DestinationProblem> problems = new ArrayList<>(endpoint(destination, defaultPort));
        problems.addAll(options(destination));
        return problems;
    }

    static List<DestinationProblem> endpoint(Destination destination, int defaultPort) {
        try {
            Endpoint endpoint = Endpoint.parse(destination.endpoint(), destination.port(), "http", defaultPort);
            if (!SCHEMES.contains(endpoint.scheme())) {
                return List.of(new DestinationProblem("destination.endpoint",
                        "endpoint scheme must be http or https, not " + endpoint.scheme()));
            }
            return List.of();
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().startsWith("port") ? "destination.port" : "destination.endpoint";
            return List.of(new DestinationProblem(field, e.getMessage()));
        }
    }

    static List<DestinationProblem> options(HttpOptions options) {
        List<DestinationProblem> problems = new ArrayList<>();
        if (options.headers() != null && options.headers().size() > MAX_HEADERS) {
            problems.add(new DestinationProblem("destination.headers", "at most " + MAX_HEADERS + " extra headers"));
        }
        for (Map.Entry<String, String> header : options.headerValues().entrySet()) {
            String name = header.getKey();
            String value = header.getValue();
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                problems.add(new DestinationProblem("destination.headers", "header name '" + printable(name)
                        + "' is not a valid HTTP header name"));
            } else if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                problems.add(new DestinationProblem("destination.headers." + name, name + " is set by MoniFlux itself"));
            } else if (value == null || value.length() > 4096 || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f || c > 0xff)) {
                problems.add(new DestinationProblem("destination.headers." + name,
                        "header values must be at most 4096 characters, without line breaks or control characters"));
            }
        }
        if (options.compression() != null && !Set.of("gzip", "none").contains(options.compression())) {
            problems.add(new DestinationProblem("destination.compression", "compression must be gzip or none"));
        }
        Tls tls = options.tls();
        if (tls != null && tls.caCertificate() != null) {
            if (tls.insecure()) {
                problems.add(new DestinationProblem("destination.tls", "give either caCertificate or insecureSkipVerify, not both"));
            } else {
                try {
                    TlsTrust.certificates(tls.caCertificate());
                } catch (IllegalArgumentException e) {
                    problems.add(new DestinationProblem("destination.tls.caCertificate", e.getMessage()));
                }
            }
        }
        return problems;
    }

    private static String printable(String text) {
        return text == null ? "" : text.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
