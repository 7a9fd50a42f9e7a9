package io.moniflux.delivery;

import java.util.List;
import java.util.Set;

/** Checks shared by the protocols that speak HTTP. */
final class HttpChecks {

    private static final Set<String> SCHEMES = Set.of("http", "https");

    private HttpChecks() {
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
}
