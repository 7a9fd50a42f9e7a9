package io.moniflux.delivery.splunk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Set;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.springframework.stereotype.Component;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.Protocol;
import io.moniflux.delivery.http.HttpChannel;
import io.moniflux.delivery.http.HttpDestinations;
import io.moniflux.delivery.http.HttpTransport;
import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.delivery.wire.JsonFactories;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.LogEvent;
import io.moniflux.telemetry.MetricEvent;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.Signal;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Splunk's HTTP Event Collector: {@code POST /services/collector/event} with {@code Authorization:
 * Splunk {token}}, events one after another in the body. Logs are JSON events; metrics use HEC's
 * multiple-metric format ({@code "event":"metric"} with {@code metric_name:*} fields).
 */
@Component
class SplunkHecProtocol implements Protocol<SplunkHecDestination> {

    private static final JsonFactory JSON = JsonFactories.ENCODING;

    private final AddressPolicy policy;

    SplunkHecProtocol(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return SplunkHecDestination.TYPE;
    }

    @Override
    public Class<SplunkHecDestination> destinationType() {
        return SplunkHecDestination.class;
    }

    @Override
    public int defaultPort() {
        return 8088;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS, Signal.METRICS);
    }

    @Override
    public List<DestinationProblem> check(SplunkHecDestination destination) {
        return HttpDestinations.check(destination, defaultPort());
    }

    /** HEC is served over https unless the endpoint says http. */
    @Override
    public Endpoint endpoint(SplunkHecDestination destination) {
        return Endpoint.parse(destination.endpoint(), destination.port(), "https", defaultPort());
    }

    @Override
    public Channel open(SplunkHecDestination destination, Signal signal, ChannelSettings settings) {
        Endpoint endpoint = endpoint(destination);
        List<Header> headers = destination.apiKeyValue() == null ? List.of()
                : List.of(HttpTransport.header("Authorization", "Splunk " + destination.apiKeyValue()));
        String source = destination.appName() == null ? "moniflux" : destination.appName();
        String path = endpoint.basePath().endsWith("/services/collector/event") ? "" : "/services/collector/event";
        return new HttpChannel(HttpTransport.open(endpoint, destination, policy, settings), path, ContentType.APPLICATION_JSON,
                destination, headers) {
            @Override
            protected ByteSink encode(Batch<?> batch, int estimatedBytes) {
                return events(batch, source, destination.index(), estimatedBytes);
            }

            @Override
            public int samples(MetricEvent point) {
                return measures(point);
            }
        };
    }

    static ByteSink events(Batch<?> batch, String source, String index, int estimatedBytes) {
        ByteSink sink = new ByteSink(batch.size() * estimatedBytes + 16);
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), sink)) {
            for (Object event : batch.events()) {
                switch (event) {
                    case LogEvent log -> log(json, log, batch.marker(), source, index);
                    case MetricEvent metric -> metric(json, metric, batch.marker(), source, index);
                    default -> throw new IllegalArgumentException("splunk-hec takes logs and metrics");
                }
                json.writeRaw('\n');
            }
        }
        return sink;
    }

    private static void envelope(JsonGenerator json, long epochNanos, String host, String source, String index) {
        json.writeStartObject();
        json.writeName("time");
        json.writeNumber(new BigDecimal(epochNanos).movePointLeft(9).setScale(6, RoundingMode.DOWN));
        json.writeStringProperty("host", host);
        json.writeStringProperty("source", source);
        if (index != null) {
            json.writeStringProperty("index", index);
        }
    }

    private static void log(JsonGenerator json, LogEvent log, RunMarker marker, String source, String index) {
        envelope(json, log.epochNanos(), log.host(), source, index);
        json.writeStringProperty("sourcetype", "_json");
        json.writeName("event");
        json.writeStartObject();
        json.writeStringProperty("message", log.message());
        json.writeStringProperty("level", log.level());
        json.writeStringProperty("service", log.service());
        json.writeStringProperty("testID", marker.testID());
        json.writeStringProperty("runID", marker.runID());
        json.writeNumberProperty("part", marker.part());
        json.writeNumberProperty("seq", log.seq());
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void metric(JsonGenerator json, MetricEvent metric, RunMarker marker, String source, String index) {
        envelope(json, metric.epochNanos(), metric.series().labels().get("instance"), source, index);
        json.writeStringProperty("event", "metric");
        json.writeName("fields");
        json.writeStartObject();
        String name = metric.series().name();
        switch (metric.series().kind()) {
            case COUNTER, GAUGE -> json.writeNumberProperty("metric_name:" + name, metric.value());
            case HISTOGRAM -> {
                json.writeNumberProperty("metric_name:" + name + "_count", metric.count());
                json.writeNumberProperty("metric_name:" + name + "_sum", metric.sum());
            }
            case SUMMARY -> {
                json.writeNumberProperty("metric_name:" + name + "_count", metric.count());
                json.writeNumberProperty("metric_name:" + name + "_sum", metric.sum());
                for (int q = 0; q < metric.quantiles().quantiles().length; q++) {
                    json.writeNumberProperty("metric_name:" + name + "_p" + percentile(metric.quantiles().quantiles()[q]),
                            metric.quantiles().values()[q]);
                }
            }
            case EXPONENTIAL_HISTOGRAM -> throw new IllegalArgumentException(
                    "HEC metrics have no exponential histograms; the destination check refuses them");
        }
        metric.series().labels().values().forEach(json::writeStringProperty);
        json.writeStringProperty("moniflux_test", marker.testID());
        json.writeStringProperty("moniflux_run", marker.runID());
        json.writeStringProperty("moniflux_part", Integer.toString(marker.part()));
        json.writeEndObject();
        json.writeEndObject();
    }

    /** The measures (metric_name: fields) of one point's event: a histogram its count and sum, a summary its quantiles too. */
    static int measures(MetricEvent point) {
        return switch (point.series().kind()) {
            case COUNTER, GAUGE -> 1;
            case HISTOGRAM -> 2;
            case SUMMARY -> 2 + point.quantiles().quantiles().length;
            case EXPONENTIAL_HISTOGRAM -> throw new IllegalArgumentException("HEC metrics have no exponential histograms");
        };
    }

    /** 0.99 as {@code 99}, 0.999 as {@code 99.9}: the suffix Splunk users give percentiles. */
    private static String percentile(double quantile) {
        return BigDecimal.valueOf(quantile * 100).stripTrailingZeros().toPlainString();
    }
}
