package io.moniflux.delivery.prometheus;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.HttpOptions;
import io.moniflux.delivery.Secret;
import io.moniflux.delivery.Tls;

/** A Prometheus remote-write receiver (Prometheus, VictoriaMetrics, Mimir...). Its body is always snappy. */
@JsonTypeName(PrometheusDestination.TYPE)
public record PrometheusDestination(String name, String type, String endpoint, Integer port, Secret apiKey,
        Map<String, Secret> headers, Tls tls) implements Destination, HttpOptions {

    public static final String TYPE = "prometheus-remote-write";
    static final int DEFAULT_PORT = 9090;

    public PrometheusDestination {
        type = TYPE;
    }

    /** Remote write compresses with snappy, always: there is no other compression to choose. */
    @Override
    public String compression() {
        return null;
    }
}
