package io.moniflux.delivery.elasticsearch;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.HttpOptions;
import io.moniflux.delivery.Secret;
import io.moniflux.delivery.Tls;
import io.moniflux.telemetry.Signal;

/**
 * An Elasticsearch (or OpenSearch) cluster.
 *
 * @param index the index or data stream; {@code logs-moniflux-default} and {@code traces-moniflux-default}
 *              when absent
 */
@JsonTypeName(ElasticsearchDestination.TYPE)
public record ElasticsearchDestination(String name, String type, String endpoint, Integer port, Secret apiKey,
        Map<String, Secret> headers, String compression, Tls tls, String index) implements Destination, HttpOptions {

    public static final String TYPE = "elasticsearch";
    static final int DEFAULT_PORT = 9200;

    public ElasticsearchDestination {
        type = TYPE;
    }

    /** The index a signal is written to. */
    String indexOf(Signal signal) {
        return index != null ? index : signal == Signal.LOGS ? "logs-moniflux-default" : "traces-moniflux-default";
    }
}
