package io.moniflux.delivery;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.moniflux.telemetry.Signal;

/**
 * The Go service's own format, and the default type: {@code POST {endpoint}:{port}/logs},
 * {@code /metrics} or {@code /traces} with a JSON body and {@code Authorization: Bearer {apiKey}}.
 */
@Component
class HttpJsonProtocol implements Protocol {

    static final String TYPE = "http";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS, Signal.METRICS, Signal.TRACES);
    }

    @Override
    public List<DestinationProblem> check(Destination destination) {
        return HttpChecks.endpoint(destination, 80);
    }
}
