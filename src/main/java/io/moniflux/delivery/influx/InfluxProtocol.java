package io.moniflux.delivery.influx;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.springframework.stereotype.Component;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Protocol;
import io.moniflux.delivery.http.HttpChannel;
import io.moniflux.delivery.http.HttpDestinations;
import io.moniflux.delivery.http.HttpTransport;
import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.delivery.wire.Labels;
import io.moniflux.delivery.wire.Samples;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.MetricEvent;
import io.moniflux.telemetry.Signal;

/**
 * InfluxDB line protocol over HTTP, as InfluxDB 1.x ({@code POST /write?db=}), InfluxDB 2.x
 * ({@code POST /api/v2/write?org=&bucket=}) and VictoriaMetrics take it. Labels become tags, the run
 * marker too; the sequence number is a field, so that it costs no series. A histogram point is one
 * line with count, sum and a cumulative field per bucket.
 */
@Component
class InfluxProtocol implements Protocol<InfluxDestination> {

    private static final ContentType TEXT = ContentType.create("text/plain", StandardCharsets.UTF_8);

    private final AddressPolicy policy;

    InfluxProtocol(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return InfluxDestination.TYPE;
    }

    @Override
    public Class<InfluxDestination> destinationType() {
        return InfluxDestination.class;
    }

    @Override
    public int defaultPort() {
        return InfluxDestination.DEFAULT_PORT;
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
    public List<DestinationProblem> check(InfluxDestination destination) {
        List<DestinationProblem> problems = new ArrayList<>(HttpDestinations.check(destination, defaultPort()));
        boolean v1 = destination.database() != null;
        boolean v2 = destination.org() != null || destination.bucket() != null;
        if (v1 && v2) {
            problems.add(new DestinationProblem("destination.database", "give database (InfluxDB 1.x) or org and bucket (2.x), not both"));
        } else if (v2 && (destination.org() == null || destination.bucket() == null)) {
            problems.add(new DestinationProblem("destination.bucket", "InfluxDB 2.x needs both org and bucket"));
        }
        return problems;
    }

    @Override
    public Channel open(InfluxDestination destination, Signal signal, ChannelSettings settings) {
        String path = destination.bucket() != null
                ? "/api/v2/write?org=" + query(destination.org()) + "&bucket=" + query(destination.bucket()) + "&precision=ns"
                : "/write?db=" + query(destination.database() == null ? "moniflux" : destination.database()) + "&precision=ns";
        List<Header> headers = destination.apiKeyValue() == null ? List.of()
                : List.of(HttpTransport.header("Authorization", "Token " + destination.apiKeyValue()));
        return new HttpChannel(HttpTransport.open(endpoint(destination), destination, policy, settings), path, TEXT, destination,
                headers) {
            @Override
            public int samples(MetricEvent point) {
                return Samples.expanded(point);
            }

            @Override
            protected ByteSink encode(Batch<?> batch, int estimatedBytes) {
                return lines(batch, estimatedBytes);
            }
        };
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static ByteSink lines(Batch<?> batch, int estimatedBytes) {
        StringBuilder text = new StringBuilder(batch.size() * estimatedBytes);
        Map<String, String> marker = Labels.marker(batch.marker());
        for (MetricEvent point : batch.metrics()) {
            escape(text, point.series().name(), false);
            point.series().labels().values().forEach((key, value) -> tag(text, key, value));
            marker.forEach((key, value) -> tag(text, key, value));
            text.append(' ');
            switch (point.series().kind()) {
                case COUNTER, GAUGE -> text.append("value=").append(point.value());
                case HISTOGRAM -> {
                    text.append("count=").append(point.count()).append("i,sum=").append(point.sum());
                    long cumulative = 0;
                    for (int i = 0; i < point.bucketCounts().length; i++) {
                        cumulative += point.bucketCounts()[i];
                        text.append(",le_").append(i < point.bounds().length ? Double.toString(point.bounds()[i]) : "inf")
                                .append('=').append(cumulative).append('i');
                    }
                }
                case SUMMARY -> {
                    text.append("count=").append(point.count()).append("i,sum=").append(point.sum());
                    for (int q = 0; q < point.quantiles().quantiles().length; q++) {
                        text.append(",q_").append(point.quantiles().quantiles()[q]).append('=').append(point.quantiles().values()[q]);
                    }
                }
                case EXPONENTIAL_HISTOGRAM -> throw new IllegalArgumentException(
                        "the line protocol has no exponential histograms; the destination check refuses them");
            }
            text.append(",seq=").append(point.seq()).append('i');
            text.append(' ').append(point.epochNanos()).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        ByteSink sink = new ByteSink(bytes.length);
        sink.write(bytes, 0, bytes.length);
        return sink;
    }

    private static void tag(StringBuilder text, String key, String value) {
        if (value == null || value.isEmpty()) {
            return; // the line protocol has no empty tag values
        }
        text.append(',');
        escape(text, key, true);
        text.append('=');
        escape(text, value, true);
    }

    /** Escapes commas and spaces (and, in tags, equals signs) as the line protocol requires. */
    static void escape(StringBuilder text, String value, boolean tag) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == ' ' || (tag && c == '=') || c == '\\') {
                text.append('\\');
            }
            text.append(c == '\n' ? ' ' : c);
        }
    }
}
