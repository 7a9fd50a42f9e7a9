package io.moniflux.delivery.statsd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.moniflux.delivery.socket.UdpChannel;
import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.delivery.wire.Labels;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.MetricEvent;
import io.moniflux.telemetry.MetricSeries;
import io.moniflux.telemetry.RunMarker;

/**
 * Metric points as StatsD lines, one per point. StatsD takes increments and observations rather than
 * cumulative values, so this keeps, per series, what the previous point said: a counter point is sent
 * as its increment, a histogram or summary point as the mean of the observations new since then, in
 * milliseconds for a timer. Plain StatsD has no tags, so labels and the run marker become parts of the
 * name; DogStatsD gets them as tags.
 */
final class StatsdLines {

    /** The previous cumulative figures of a series. */
    private record Previous(double value, long count, double sum) {
    }

    /**
     * Series whose previous figures are kept. Churn retires series and makes new ones all run long: the
     * least recently sent beyond this are forgotten (a forgotten series that came back would send its
     * cumulative figures once as new), far above the cardinality a test may ask for.
     */
    static final int REMEMBERED_SERIES = 250_000;

    private final StatsdDestination destination;
    private final Map<MetricSeries, Previous> previous = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<MetricSeries, Previous> eldest) {
                    return size() > REMEMBERED_SERIES;
                }
            });

    StatsdLines(StatsdDestination destination) {
        this.destination = destination;
    }

    /** The name and the tags of a series, rendered once: sanitising them per line was most of a line's cost. */
    private record Rendered(String name, String tags) {
    }

    private final Map<MetricSeries, Rendered> rendered = new ConcurrentHashMap<>();

    private Rendered render(MetricSeries series, RunMarker marker) {
        StringBuilder name = new StringBuilder(96).append(destination.prefixOrDefault()).append('.').append(part(series.name()));
        StringBuilder tags = new StringBuilder(128);
        if (destination.dogStatsd()) {
            tags.append("|#");
            boolean first = true;
            for (Map.Entry<String, String> tag : series.labels().values().entrySet()) {
                first = tag(tags, first, tag.getKey(), tag.getValue());
            }
            for (Map.Entry<String, String> tag : Labels.marker(marker).entrySet()) {
                first = tag(tags, first, tag.getKey(), tag.getValue());
            }
        } else {
            name.append('.').append(part(marker.runID())).append('.').append(marker.part());
            series.labels().values().values().forEach(value -> name.append('.').append(part(value)));
        }
        return new Rendered(name.toString(), tags.toString());
    }

    /** Series whose previous figures are kept now. */
    int remembered() {
        return previous.size();
    }

    /** One line, without its line break. */
    String line(MetricEvent point, RunMarker marker) {
        if (rendered.size() > 100_000) {
            rendered.clear(); // churn keeps making series: start again rather than grow without bound
        }
        Rendered names = rendered.computeIfAbsent(point.series(), series -> render(series, marker));
        StringBuilder line = new StringBuilder(names.name().length() + names.tags().length() + 24).append(names.name());
        Previous now = new Previous(point.value(), point.count(), point.sum());
        Previous before = previous.put(point.series(), now);
        line.append(':');
        switch (point.series().kind()) {
            case COUNTER -> line.append(number(point.value() - (before == null ? 0 : before.value()))).append("|c");
            case GAUGE -> {
                if ("set".equals(destination.gaugesAs())) {
                    line.append(Math.round(point.value())).append("|s");
                } else {
                    line.append(number(point.value())).append("|g");
                }
            }
            case HISTOGRAM, SUMMARY -> {
                long newCount = point.count() - (before == null ? 0 : before.count());
                double newSum = point.sum() - (before == null ? 0 : before.sum());
                double mean = newCount <= 0 ? 0 : newSum / newCount;
                String as = destination.histogramsAs() == null ? "timer" : destination.histogramsAs();
                switch (as) {
                    case "histogram" -> line.append(number(mean)).append("|h");
                    case "distribution" -> line.append(number(mean)).append("|d");
                    default -> line.append(number(mean * 1000)).append("|ms");
                }
            }
            case EXPONENTIAL_HISTOGRAM -> throw new IllegalArgumentException("StatsD has no exponential histograms");
        }
        return line.append(names.tags()).toString();
    }

    /** Lines separated by line breaks, for TCP. */
    ByteSink stream(Batch<?> batch) {
        ByteSink sink = new ByteSink(batch.size() * 128);
        for (MetricEvent point : batch.metrics()) {
            byte[] line = (line(point, batch.marker()) + "\n").getBytes(StandardCharsets.UTF_8);
            sink.write(line, 0, line.length);
        }
        return sink;
    }

    /** Lines packed into packets of at most the MTU (a line longer than it goes alone). */
    List<UdpChannel.Datagram> packets(Batch<?> batch) {
        int mtu = destination.mtuOrDefault();
        List<UdpChannel.Datagram> packets = new ArrayList<>();
        ByteSink packet = new ByteSink(mtu);
        int events = 0;
        for (MetricEvent point : batch.metrics()) {
            byte[] line = line(point, batch.marker()).getBytes(StandardCharsets.UTF_8);
            if (events > 0 && packet.length() + 1 + line.length > mtu) {
                packets.add(new UdpChannel.Datagram(Arrays.copyOf(packet.array(), packet.length()), events));
                packet = new ByteSink(mtu);
                events = 0;
            }
            if (events > 0) {
                packet.write('\n');
            }
            packet.write(line, 0, line.length);
            events++;
        }
        if (events > 0) {
            packets.add(new UdpChannel.Datagram(Arrays.copyOf(packet.array(), packet.length()), events));
        }
        return packets;
    }

    private static boolean tag(StringBuilder line, boolean first, String key, String value) {
        if (!first) {
            line.append(',');
        }
        line.append(tagText(key)).append(':').append(tagText(value));
        return false;
    }

    /** A part of a dotted name: what StatsD servers keep of it (letters, digits, _ and -). */
    static String part(String text) {
        return text == null || text.isEmpty() ? "_" : text.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String tagText(String text) {
        return text.replaceAll("[,|#:\\s]", "_");
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
