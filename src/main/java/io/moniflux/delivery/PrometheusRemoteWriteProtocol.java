package io.moniflux.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.springframework.stereotype.Component;
import org.xerial.snappy.Snappy;

import io.moniflux.delivery.prometheus.RemoteWrite.Label;
import io.moniflux.delivery.prometheus.RemoteWrite.Sample;
import io.moniflux.delivery.prometheus.RemoteWrite.TimeSeries;
import io.moniflux.delivery.prometheus.RemoteWrite.WriteRequest;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.MetricEvent;
import io.moniflux.telemetry.Signal;

/**
 * Prometheus remote write 1.0: {@code POST /api/v1/write}, a protobuf WriteRequest compressed with
 * snappy. Counters and gauges become one sample each; a histogram point becomes its classic series
 * ({@code _bucket} per bound with {@code le}, {@code _sum}, {@code _count}). Every series carries the
 * run marker as labels. Prometheus refuses samples out of order within a series, so requests go one at
 * a time per stream unless the test says otherwise.
 */
@Component
class PrometheusRemoteWriteProtocol implements Protocol {

    static final String TYPE = "prometheus-remote-write";
    private static final ContentType PROTOBUF = ContentType.create("application/x-protobuf");

    private final HttpTransports transports;

    PrometheusRemoteWriteProtocol(HttpTransports transports) {
        this.transports = transports;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int defaultPort() {
        return 9090;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS);
    }

    @Override
    public Set<String> options() {
        return Set.of("headers", "tls");
    }

    @Override
    public int defaultMaxInFlight() {
        return 1;
    }

    @Override
    public int defaultBatchSize() {
        return 500;
    }

    @Override
    public List<DestinationProblem> check(Destination destination) {
        return HttpChecks.endpoint(destination, 9090);
    }

    @Override
    public Channel open(Destination destination, Signal signal, ChannelSettings settings) {
        Endpoint endpoint = Endpoint.parse(destination.endpoint(), destination.port(), "http", 9090);
        List<Header> headers = new ArrayList<>();
        headers.add(HttpTransport.header("Content-Encoding", "snappy"));
        headers.add(HttpTransport.header("X-Prometheus-Remote-Write-Version", "0.1.0"));
        headers.add(HttpTransport.header("User-Agent", "MoniFlux"));
        if (destination.apiKeyValue() != null) {
            headers.add(HttpTransport.header("Authorization", "Bearer " + destination.apiKeyValue()));
        }
        String path = endpoint.basePath().endsWith("/api/v1/write") ? "" : "/api/v1/write";
        return new HttpChannel(transports.open(endpoint, destination, settings), path, PROTOBUF, destination, headers) {
            @Override
            ByteSink encode(Batch<?> batch, int estimatedBytes) throws IOException {
                byte[] compressed = Snappy.compress(writeRequest(batch).toByteArray());
                ByteSink sink = new ByteSink(compressed.length);
                sink.write(compressed);
                return sink;
            }
        };
    }

    static WriteRequest writeRequest(Batch<?> batch) {
        WriteRequest.Builder request = WriteRequest.newBuilder();
        Map<String, String> marker = Labels.marker(batch.marker());
        for (MetricEvent point : batch.metrics()) {
            long millis = point.epochNanos() / 1_000_000;
            String name = Labels.name(point.series().name());
            switch (point.series().kind()) {
                case COUNTER, GAUGE -> request.addTimeseries(series(name, point, marker, null, point.value(), millis));
                case HISTOGRAM -> {
                    long cumulative = 0;
                    for (int i = 0; i < point.bucketCounts().length; i++) {
                        cumulative += point.bucketCounts()[i];
                        String le = i < point.bounds().length ? Double.toString(point.bounds()[i]) : "+Inf";
                        request.addTimeseries(series(name + "_bucket", point, marker, le, cumulative, millis));
                    }
                    request.addTimeseries(series(name + "_sum", point, marker, null, point.sum(), millis));
                    request.addTimeseries(series(name + "_count", point, marker, null, point.count(), millis));
                }
            }
        }
        return request.build();
    }

    private static TimeSeries series(String name, MetricEvent point, Map<String, String> marker, String le, double value,
            long millis) {
        // labels sorted by name, as Prometheus expects them
        java.util.TreeMap<String, String> labels = new java.util.TreeMap<>();
        labels.put("__name__", name);
        point.series().labels().values().forEach((key, labelValue) -> labels.put(Labels.name(key), labelValue));
        labels.putAll(marker);
        if (le != null) {
            labels.put("le", le);
        }
        TimeSeries.Builder series = TimeSeries.newBuilder();
        labels.forEach((key, labelValue) -> series.addLabels(Label.newBuilder().setName(key).setValue(labelValue)));
        return series.addSamples(Sample.newBuilder().setValue(value).setTimestamp(millis)).build();
    }
}
