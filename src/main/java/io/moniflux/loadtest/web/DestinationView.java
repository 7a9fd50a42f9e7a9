package io.moniflux.loadtest.web;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.delivery.Destination;
import io.moniflux.loadtest.TestDraft;

/**
 * A destination as the API shows it. Secrets are masked: the apiKey, and the values of extra headers
 * (which often carry credentials). Sending the mask back keeps the stored value.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record DestinationView(String name, String type, String endpoint, Integer port, String apiKey, Map<String, String> headers,
        String compression, Destination.Tls tls, String tenant, String index, String encoding, String transport,
        Integer facility, String appName, Map<String, String> resourceAttributes, String database, String org,
        String bucket, Destination.Rotation rotation) {

    static DestinationView of(Destination destination) {
        if (destination == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        destination.headers().keySet().forEach(name -> headers.put(name, TestDraft.MASKED_SECRET));
        return new DestinationView(destination.name(), destination.type(), destination.endpoint(), destination.port(),
                destination.apiKey() == null ? null : TestDraft.MASKED_SECRET, headers, destination.compression(),
                destination.tls(), destination.tenant(), destination.index(), destination.encoding(),
                destination.transport(), destination.facility(), destination.appName(), destination.resourceAttributes(),
                destination.database(), destination.org(), destination.bucket(), destination.rotation());
    }
}
