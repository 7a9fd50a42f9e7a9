package io.moniflux.delivery.influx;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.moniflux.delivery.Destination;
import io.moniflux.delivery.HttpOptions;
import io.moniflux.delivery.Secret;
import io.moniflux.delivery.Tls;

/**
 * An InfluxDB or VictoriaMetrics; its apiKey goes as {@code Authorization: Token}.
 *
 * @param database InfluxDB 1.x (and VictoriaMetrics) database; moniflux when none of the three is given
 * @param org      InfluxDB 2.x organization
 * @param bucket   InfluxDB 2.x bucket
 */
@JsonTypeName(InfluxDestination.TYPE)
public record InfluxDestination(String name, String type, String endpoint, Integer port, Secret apiKey,
        Map<String, Secret> headers, String compression, Tls tls, String database, String org, String bucket)
        implements Destination, HttpOptions {

    public static final String TYPE = "influx";
    static final int DEFAULT_PORT = 8086;

    public InfluxDestination {
        type = TYPE;
    }
}
