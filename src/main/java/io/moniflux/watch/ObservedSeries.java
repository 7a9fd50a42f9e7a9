package io.moniflux.watch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.moniflux.observe.Exposition;
import io.moniflux.observe.ExpositionException;
import io.moniflux.observe.ObservedValue;
import io.moniflux.results.TimelinePoint;

/**
 * One series of a watched endpoint over a run, as reports give it: by its Prometheus name and labels,
 * with its values per second of the run and their summary.
 *
 * @param series the series as Prometheus writes it
 * @param unit   what its values are: as exposed, per second (a counter's rate) or cores (CPU seconds)
 * @param points {@code [second, value]} pairs, in order
 */
public record ObservedSeries(String series, String name, SortedMap<String, String> labels, ObservedValue.Unit unit,
        double min, double max, double mean, double last, List<double[]> points) {

    /** The series observed in a timeline, in the order they first appear. */
    public static List<ObservedSeries> of(List<TimelinePoint> timeline) {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        Map<String, ObservedValue.Unit> units = new LinkedHashMap<>();
        for (TimelinePoint point : timeline) {
            for (ObservedValue value : point.observed()) {
                points.computeIfAbsent(value.series(), s -> new ArrayList<>()).add(new double[] {point.second(), value.value()});
                units.put(value.series(), value.unit());
            }
        }
        List<ObservedSeries> all = new ArrayList<>();
        points.forEach((series, values) -> {
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            double sum = 0;
            for (double[] value : values) {
                min = Math.min(min, value[1]);
                max = Math.max(max, value[1]);
                sum += value[1];
            }
            all.add(new ObservedSeries(series, ObservedValue.nameOf(series), labels(series), units.get(series), min, max,
                    Math.round(sum / values.size() * 1000) / 1000.0, values.getLast()[1], List.copyOf(values)));
        });
        return all;
    }

    private static SortedMap<String, String> labels(String series) {
        try {
            return Exposition.parseSeries(series).labels();
        } catch (ExpositionException e) {
            return new TreeMap<>(); // a series this service wrote always parses
        }
    }
}
