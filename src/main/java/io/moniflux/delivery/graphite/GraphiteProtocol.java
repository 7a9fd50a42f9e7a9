package io.moniflux.delivery.graphite;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.Protocol;
import io.moniflux.delivery.socket.TcpChannel;
import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.delivery.wire.Labels;
import io.moniflux.delivery.wire.Samples;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.MetricEvent;
import io.moniflux.telemetry.MetricSeries;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.Signal;

/**
 * Graphite's plaintext protocol: {@code path value timestamp} lines over TCP, the timestamp in
 * seconds. A counter or gauge point is one line; a histogram a line per bucket ({@code _bucket}
 * with {@code le}), {@code _sum} and {@code _count}; a summary a line per quantile, {@code _sum} and
 * {@code _count}, as Prometheus names them. Graphite keeps one value per series and retention step, so
 * points of one series within a step overwrite each other there.
 */
@Component
class GraphiteProtocol implements Protocol<GraphiteDestination> {

    private final AddressPolicy policy;

    GraphiteProtocol(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return GraphiteDestination.TYPE;
    }

    @Override
    public Class<GraphiteDestination> destinationType() {
        return GraphiteDestination.class;
    }

    @Override
    public int defaultPort() {
        return GraphiteDestination.DEFAULT_PORT;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS);
    }

    @Override
    public int defaultBatchSize() {
        return 500;
    }

    @Override
    public Endpoint endpoint(GraphiteDestination destination) {
        return Endpoint.parse(destination.endpoint(), destination.port(), "tcp", defaultPort());
    }

    @Override
    public List<DestinationProblem> check(GraphiteDestination destination) {
        List<DestinationProblem> problems = new ArrayList<>();
        if (destination.apiKey() != null) {
            problems.add(new DestinationProblem("destination.apiKey", "Graphite's plaintext protocol has no authentication: give no apiKey"));
        }
        try {
            Endpoint endpoint = endpoint(destination);
            if (!"tcp".equals(endpoint.scheme()) || !endpoint.basePath().isEmpty()) {
                problems.add(new DestinationProblem("destination.endpoint", "a Graphite endpoint is host:port or tcp://host:port"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new DestinationProblem("destination.endpoint", e.getMessage()));
        }
        if (destination.prefix() != null && !destination.prefix().matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
            problems.add(new DestinationProblem("destination.prefix", "prefix is dot-separated parts of letters, digits, _ and -"));
        }
        return problems;
    }

    @Override
    public Channel open(GraphiteDestination destination, Signal signal, ChannelSettings settings) {
        TcpChannel tcp = new TcpChannel(endpoint(destination), policy, settings, batch -> lines(batch, destination));
        return new Channel() {
            @Override
            public DeliveryResult send(Batch<?> batch) {
                return tcp.send(batch);
            }

            @Override
            public int samples(MetricEvent point) {
                return Samples.expanded(point);
            }

            @Override
            public void close() {
                tcp.close();
            }
        };
    }

    /** The rendered path of one line of a series: what stays the same from point to point. */
    private record PathKey(MetricSeries series, String name, String extraKey, String extraValue, RunMarker marker) {
    }

    /**
     * Paths are rendered once per series and line, not per point: rendering them per line ran a regular
     * expression per name and tag, and the first bench row found MoniFlux itself the limit at 45,000
     * points/s.
     */
    private static final Map<PathKey, String> PATHS = new ConcurrentHashMap<>();
    private static final int MAX_PATHS = 200_000;

    static ByteSink lines(Batch<?> batch, GraphiteDestination destination) {
        StringBuilder text = new StringBuilder(batch.size() * 160);
        for (MetricEvent point : batch.metrics()) {
            long seconds = point.epochNanos() / 1_000_000_000L;
            String name = point.series().name();
            switch (point.series().kind()) {
                case COUNTER, GAUGE -> line(text, destination, point, batch.marker(), name, null, null, point.value(), seconds);
                case HISTOGRAM -> {
                    long cumulative = 0;
                    for (int i = 0; i < point.bucketCounts().length; i++) {
                        cumulative += point.bucketCounts()[i];
                        String le = i < point.bounds().length ? Double.toString(point.bounds()[i]) : "+Inf";
                        line(text, destination, point, batch.marker(), name + "_bucket", "le", le, cumulative, seconds);
                    }
                    line(text, destination, point, batch.marker(), name + "_sum", null, null, point.sum(), seconds);
                    line(text, destination, point, batch.marker(), name + "_count", null, null, point.count(), seconds);
                }
                case SUMMARY -> {
                    for (int q = 0; q < point.quantiles().quantiles().length; q++) {
                        line(text, destination, point, batch.marker(), name, "quantile", Double.toString(point.quantiles().quantiles()[q]),
                                point.quantiles().values()[q], seconds);
                    }
                    line(text, destination, point, batch.marker(), name + "_sum", null, null, point.sum(), seconds);
                    line(text, destination, point, batch.marker(), name + "_count", null, null, point.count(), seconds);
                }
                case EXPONENTIAL_HISTOGRAM -> throw new IllegalArgumentException("Graphite has no exponential histograms");
            }
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        ByteSink sink = new ByteSink(bytes.length);
        sink.write(bytes, 0, bytes.length);
        return sink;
    }

    private static void line(StringBuilder text, GraphiteDestination destination, MetricEvent point, RunMarker marker,
            String name, String extraKey, String extraValue, double value, long seconds) {
        PathKey key = new PathKey(point.series(), destination.prefixOrDefault() + (destination.tagged() ? ";" : ".") + name,
                extraKey, extraValue, marker);
        String path = PATHS.get(key);
        if (path == null) {
            if (PATHS.size() > MAX_PATHS) {
                PATHS.clear(); // churn keeps making series: start again rather than grow without bound
            }
            path = path(destination, point, marker, name, extraKey, extraValue);
            PATHS.put(key, path);
        }
        text.append(path).append(' ').append(Double.isFinite(value) ? Double.toString(value) : "0").append(' ').append(seconds)
                .append('\n');
    }

    private static String path(GraphiteDestination destination, MetricEvent point, RunMarker marker, String name, String extraKey,
            String extraValue) {
        StringBuilder text = new StringBuilder(160);
        text.append(destination.prefixOrDefault()).append('.').append(part(name));
        if (destination.tagged()) {
            point.series().labels().values().forEach((key, tagValue) -> tag(text, key, tagValue));
            Labels.marker(marker).forEach((key, tagValue) -> tag(text, key, tagValue));
            if (extraKey != null) {
                tag(text, extraKey, extraValue);
            }
        } else {
            text.append('.').append(part(marker.runID())).append('.').append(marker.part());
            point.series().labels().values().values().forEach(labelValue -> text.append('.').append(part(labelValue)));
            if (extraKey != null) {
                text.append('.').append(extraKey).append('_').append(part(extraValue));
            }
        }
        return text.toString();
    }

    private static void tag(StringBuilder text, String key, String value) {
        if (value == null || value.isEmpty()) {
            return; // Graphite has no empty tag values
        }
        text.append(';').append(part(key)).append('=').append(value.replaceAll("[;~!^=\\s]", "_"));
    }

    /** A part of a path: what carbon keeps of it. */
    static String part(String text) {
        return text == null || text.isEmpty() ? "_" : text.replaceAll("[^A-Za-z0-9_+-]", "_");
    }
}
