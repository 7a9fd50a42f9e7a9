package io.moniflux.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Medians and ranges of a bench's rounds: one round is noise on a shared machine, their spread is the figure. */
final class Stats {

    private Stats() {
    }

    static Map<String, Object> summary(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("median", sorted.length == 0 ? 0 : sorted[sorted.length / 2]);
        summary.put("min", sorted.length == 0 ? 0 : sorted[0]);
        summary.put("max", sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        summary.put("values", values);
        return summary;
    }

    /** "median (min–max)" in {@code format}. */
    static String text(List<Double> values, String format) {
        Map<String, Object> summary = summary(values);
        return String.format(Locale.ENGLISH, format + " (" + format + "–" + format + ")", summary.get("median"), summary.get("min"),
                summary.get("max"));
    }
}
