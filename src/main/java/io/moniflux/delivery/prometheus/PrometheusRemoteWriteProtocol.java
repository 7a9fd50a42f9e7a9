package io.moniflux.delivery.prometheus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.springframework.stereotype.Component;
import org.xerial.snappy.Snappy;

import io.moniflux.delivery.Endpoint;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Protocol;
import io.moniflux.delivery.http.HttpChannel;
import io.moniflux.delivery.http.HttpDestinations;
import io.moniflux.delivery.http.HttpTransport;
import io.moniflux.delivery.prometheus.RemoteWrite.Label;
import io.moniflux.delivery.prometheus.RemoteWrite.Sample;
import io.moniflux.delivery.prometheus.RemoteWrite.TimeSeries;
import io.moniflux.delivery.prometheus.RemoteWrite.WriteRequest;
import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.delivery.wire.Labels;
import io.moniflux.delivery.wire.Samples;
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
class PrometheusRemoteWriteProtocol implements Protocol<PrometheusDestination> {

    private static final ContentType PROTOBUF = ContentType.create("application/x-protobuf");

    private final AddressPolicy policy;

    PrometheusRemoteWriteProtocol(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return PrometheusDestination.TYPE;
    }

    @Override
    public Class<PrometheusDestination> destinationType() {
        return PrometheusDestination.class;
    }

    @Override
    public int defaultPort() {
        return PrometheusDestination.DEFAULT_PORT;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS);
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
    public List<DestinationProblem> check(PrometheusDestination destination) {
        return HttpDestinations.check(destination, defaultPort());
    }

    @Override
    public Channel open(PrometheusDestination destination, Signal signal, ChannelSettings settings) {
        Endpoint endpoint = endpoint(destination);
        List<Header> headers = new ArrayList<>();
        headers.add(HttpTransport.header("Content-Encoding", "snappy"));
        headers.add(HttpTransport.header("X-Prometheus-Remote-Write-Version", "0.1.0"));
        headers.add(HttpTransport.header("User-Agent", "MoniFlux"));
        if (destination.apiKeyValue() != null) {
            headers.add(HttpTransport.header("Authorization", "Bearer " + destination.apiKeyValue()));
        }
        String path = endpoint.basePath().endsWith("/api/v1/write") ? "" : "/api/v1/write";
        return new HttpChannel(HttpTransport.open(endpoint, destination, policy, settings), path, PROTOBUF, destination, headers) {
            @Override
            public int samples(MetricEvent point) {
                return Samples.expanded(point);
            }

            @Override
            protected ByteSink encode(Batch<?> batch, int estimatedBytes) throws IOException {
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
                case COUNTER, GAUGE -> request.addTimeseries(series(name, point, marker, null, null, point.value(), millis));
                case HISTOGRAM -> {
                    long cumulative = 0;
                    for (int i = 0; i < point.bucketCounts().length; i++) {
                        cumulative += point.bucketCounts()[i];
                        String le = i < point.bounds().length ? Double.toString(point.bounds()[i]) : "+Inf";
                        request.addTimeseries(series(name + "_bucket", point, marker, "le", le, cumulative, millis));
                    }
                    request.addTimeseries(series(name + "_sum", point, marker, null, null, point.sum(), millis));
                    request.addTimeseries(series(name + "_count", point, marker, null, null, point.count(), millis));
                }
                case SUMMARY -> {
                    MetricEvent.Quantiles quantiles = point.quantiles();
                    for (int q = 0; q < quantiles.quantiles().length; q++) {
                        request.addTimeseries(series(name, point, marker, "quantile", Double.toString(quantiles.quantiles()[q]),
                                quantiles.values()[q], millis));
                    }
                    request.addTimeseries(series(name + "_sum", point, marker, null, null, point.sum(), millis));
                    request.addTimeseries(series(name + "_count", point, marker, null, null, point.count(), millis));
                }
                case EXPONENTIAL_HISTOGRAM -> throw new IllegalArgumentException(
                        "remote write 1.0 has no exponential histograms; the destination check refuses them");
            }
        }
        return request.build();
    }

    private static TimeSeries series(String name, MetricEvent point, Map<String, String> marker, String extraLabel,
            String extraValue, double value, long millis) {
        // labels sorted by name, as Prometheus expects them
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("__name__", name);
        point.series().labels().values().forEach((key, labelValue) -> labels.put(Labels.name(key), labelValue));
        labels.putAll(marker);
        if (extraLabel != null) {
            labels.put(extraLabel, extraValue);
        }
        TimeSeries.Builder series = TimeSeries.newBuilder();
        labels.forEach((key, labelValue) -> series.addLabels(Label.newBuilder().setName(key).setValue(labelValue)));
        return series.addSamples(Sample.newBuilder().setValue(value).setTimestamp(millis)).build();
    }
}
