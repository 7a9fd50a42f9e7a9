package io.moniflux.delivery.web;

import java.util.List;
import java.util.Set;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.moniflux.delivery.DeliveryCatalog;
import io.moniflux.delivery.Protocol;
import io.moniflux.telemetry.Signal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** What destinations can be: for forms (the dashboard's) and for scripts that want to check first. */
@RestController
@Tag(name = "Destinations")
class DestinationTypesController {

    private final DeliveryCatalog catalog;

    DestinationTypesController(DeliveryCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param signals          the signals it carries: logs, metrics, traces
     * @param defaultPort      the port of an endpoint that names none; absent for non-network types
     * @param defaultBatchSize events per request when a test does not say
     * @param options          destination fields it reads beyond type, endpoint, port and apiKey
     */
    record DestinationType(String type, List<String> signals, Integer defaultPort, int defaultBatchSize, Set<String> options) {

        static DestinationType of(Protocol<?> protocol, Set<String> options) {
            return new DestinationType(protocol.type(), protocol.signals().stream().sorted().map(Signal::key).toList(),
                    protocol.network() ? protocol.defaultPort() : null, protocol.defaultBatchSize(), options);
        }
    }

    @GetMapping("/destination-types")
    @Operation(summary = "The destination types this service speaks, with the signals each carries")
    List<DestinationType> types() {
        return catalog.types().stream().map(catalog::get)
                .map(protocol -> DestinationType.of(protocol, catalog.options(protocol))).toList();
    }
}
