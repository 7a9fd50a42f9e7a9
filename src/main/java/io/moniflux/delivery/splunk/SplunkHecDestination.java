package io.moniflux.delivery.splunk;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.HttpOptions;
import io.moniflux.delivery.Secret;
import io.moniflux.delivery.Tls;

/**
 * A Splunk HTTP Event Collector; its apiKey is the HEC token.
 *
 * @param index   the Splunk index; the token's default when absent
 * @param appName the events' {@code source}; moniflux when absent
 */
@JsonTypeName(SplunkHecDestination.TYPE)
public record SplunkHecDestination(String name, String type, String endpoint, Integer port, Secret apiKey,
        Map<String, Secret> headers, String compression, Tls tls, String index, String appName)
        implements Destination, HttpOptions {

    public static final String TYPE = "splunk-hec";

    public SplunkHecDestination {
        type = TYPE;
    }
}
