package io.moniflux.observe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One watched endpoint: each scrape's page read strictly, the series asked for kept (at most
 * {@link #MAX_SERIES}), and turned into what a user reads beside the sent rate: a counter's rate
 * since the scrape before (a reset counts from zero, as Prometheus' {@code rate} does), CPU seconds
 * as cores, a gauge as it is. A counter's first scrape only sets its baseline.
 */
final class TargetWatch {

    /** Series kept per endpoint: a selector that matches more is too wide to chart. */
    static final int MAX_SERIES = 200;

    private record Previous(double value, long nanos) {
    }

    private final ObservePlan plan;
    private Map<String, Previous> previous = new HashMap<>();
    private long scrapes;
    private long failures;
    private String lastError;
    private int series;
    private int dropped;

    TargetWatch(ObservePlan plan) {
        this.plan = plan;
    }

    ObservePlan plan() {
        return plan;
    }

    /** A page fetched at {@code nanos}: the values it yields, or a failure recorded. */
    synchronized List<ObservedValue> read(String page, long nanos) {
        scrapes++;
        List<Exposition.Sample> samples;
        try {
            samples = Exposition.parse(page);
        } catch (ExpositionException e) {
            return failed("not the Prometheus text or OpenMetrics format: " + e.getMessage());
        }
        List<ObservedValue> values = new ArrayList<>();
        Map<String, Previous> seen = new HashMap<>();
        int kept = 0;
        int over = 0;
        for (Exposition.Sample sample : samples) {
            if (!wanted(sample)) {
                continue;
            }
            if (kept >= MAX_SERIES) {
                over++;
                continue;
            }
            kept++;
            String series = Exposition.series(sample.name(), withTarget(sample.labels()));
            if (!Double.isFinite(sample.value())) {
                continue; // JSON has no NaN nor infinity, and a chart has no point for them
            }
            if (!sample.cumulative()) {
                values.add(new ObservedValue(series, sample.value(), ObservedValue.Unit.VALUE));
                continue;
            }
            seen.put(series, new Previous(sample.value(), nanos));
            Previous before = previous.get(series);
            if (before != null && nanos > before.nanos()) {
                double increase = sample.value() >= before.value() ? sample.value() - before.value() : sample.value();
                double rate = increase / ((nanos - before.nanos()) / 1e9);
                values.add(new ObservedValue(series, round(rate), cpu(sample.name()) ? ObservedValue.Unit.CORES
                        : ObservedValue.Unit.PER_SECOND));
            }
        }
        previous = seen; // a series gone from the page is forgotten
        series = kept;
        dropped = over;
        return values;
    }

    /** A scrape that got no page. */
    synchronized List<ObservedValue> failed(String why) {
        failures++;
        lastError = why;
        return List.of();
    }

    /** A scrape that did not happen because of a failure before it was read: counted as one. */
    synchronized List<ObservedValue> unreachable(String why) {
        scrapes++;
        return failed(why);
    }

    synchronized TargetStatus status() {
        return new TargetStatus(plan.name(), plan.url().toString(), scrapes, failures, lastError, series, dropped);
    }

    private boolean wanted(Exposition.Sample sample) {
        for (SeriesSelector selector : plan.series()) {
            if (selector.matches(sample.name(), sample.labels())) {
                return true;
            }
        }
        return false;
    }

    /** The series' labels and {@code target}; a label of that name the target had becomes {@code exported_target}. */
    private Map<String, String> withTarget(Map<String, String> labels) {
        Map<String, String> all = new TreeMap<>(labels);
        String own = all.remove("target");
        if (own != null) {
            all.put("exported_target", own);
        }
        all.put("target", plan.name());
        return all;
    }

    private static boolean cpu(String name) {
        return name.endsWith("_cpu_seconds_total") || name.endsWith("_cpu_seconds");
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
