package io.moniflux.loadtest.web;

import io.moniflux.delivery.Destination;
import io.moniflux.loadtest.TestDraft;

/** A destination as the API shows it: the apiKey is masked, never returned. */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
record DestinationView(String name, String type, String endpoint, Integer port, String apiKey) {

    static DestinationView of(Destination destination) {
        if (destination == null) {
            return null;
        }
        return new DestinationView(destination.name(), destination.type(), destination.endpoint(), destination.port(),
                destination.apiKey() == null ? null : TestDraft.MASKED_SECRET);
    }
}
