package io.moniflux.loadtest;

import java.util.ArrayList;
import java.util.List;

import io.moniflux.observe.SeriesSelector;
import io.moniflux.results.Threshold;

/**
 * The rules a test's thresholds keep: each names a metric it knows, the bound that metric takes (a max,
 * or a min for achievedRatio) within its range, and a window and abort delay that fit the test; what
 * passes is filled in with the defaults.
 */
final class ThresholdRules {

    static final int MAX_THRESHOLDS = 20;

    private ThresholdRules() {
    }

    static List<ThresholdSpec> check(List<ThresholdSpec> thresholds, int duration, boolean observes, List<Violation> violations) {
        if (thresholds == null) {
            return List.of();
        }
        if (thresholds.size() > MAX_THRESHOLDS) {
            violations.add(new Violation("thresholds", "cap-exceeded", "thresholds has " + thresholds.size()
                    + " entries; the cap is " + MAX_THRESHOLDS + " thresholds per test"));
            return List.of();
        }
        List<ThresholdSpec> checked = new ArrayList<>();
        for (int i = 0; i < thresholds.size(); i++) {
            String field = "thresholds[" + i + "]";
            ThresholdSpec t = thresholds.get(i);
            if (t == null) {
                violations.add(new Violation(field, "invalid-threshold", field + " is empty"));
                continue;
            }
            Threshold.Metric metric = Threshold.Metric.of(t.metric());
            if (metric == null) {
                violations.add(new Violation(field + ".metric", "invalid-threshold",
                        field + ".metric must be errorRate, missedRate, latency, achievedRatio or observed"));
                continue;
            }
            int before = violations.size();
            if (metric == Threshold.Metric.OBSERVED) {
                observed(field, t, observes, violations);
            } else if (t.series() != null) {
                violations.add(new Violation(field + ".series", "invalid-threshold", "series applies to observed thresholds only"));
            }
            if (t.signal() != null && !TestSpecs.SIGNALS.contains(t.signal())) {
                violations.add(new Violation(field + ".signal", "unknown-signal", field + ".signal must be logs, metrics or traces, or absent for all"));
            }
            if (metric == Threshold.Metric.LATENCY) {
                if (t.percentile() == null || !Double.isFinite(t.percentile()) || t.percentile() <= 0 || t.percentile() > 100) {
                    violations.add(new Violation(field + ".percentile", "invalid-threshold",
                            field + ".percentile is required for latency: above 0, at most 100 (50, 90, 99, 99.9...)"));
                }
            } else if (t.percentile() != null) {
                violations.add(new Violation(field + ".percentile", "invalid-threshold", "percentile applies to latency only"));
            }
            boolean lower = metric == Threshold.Metric.ACHIEVED_RATIO;
            Double bound = lower ? t.min() : t.max();
            if (metric == Threshold.Metric.OBSERVED) {
                // either bound, and not both: checked with the series
            } else if ((lower ? t.max() : t.min()) != null || bound == null) {
                violations.add(new Violation(field + (lower ? ".min" : ".max"), "invalid-threshold", lower
                        ? field + ": achievedRatio takes a min (the least share of the target rate that must get through), not a max"
                        : field + ": " + metric.key() + " takes a max (the most it may be), not a min"));
            } else if (!Double.isFinite(bound) || bound < 0 || (metric == Threshold.Metric.ERROR_RATE
                    || metric == Threshold.Metric.MISSED_RATE) && bound > 1) {
                violations.add(new Violation(field + (lower ? ".min" : ".max"), "out-of-range", field + ": "
                        + (metric == Threshold.Metric.LATENCY ? "a latency in milliseconds, 0 or more"
                                : metric == Threshold.Metric.ACHIEVED_RATIO ? "a ratio, 0 or more (1 = the whole target)"
                                        : "a ratio between 0 and 1 (0.01 = 1 %)")));
            }
            if (t.window() != null && (t.window() < 1 || t.window() > 3600)) {
                violations.add(new Violation(field + ".window", "out-of-range", field + ".window must be 1 to 3600 seconds"));
            }
            if (t.delayAbortEval() != null && (t.delayAbortEval() < 0 || t.delayAbortEval() > Math.max(duration, 0))) {
                violations.add(new Violation(field + ".delayAbortEval", "out-of-range",
                        field + ".delayAbortEval must be 0 to the test's duration in seconds"));
            }
            if (violations.size() == before) {
                checked.add(new ThresholdSpec(metric.key(), t.signal(), t.percentile(), t.max(), t.min(),
                        t.window() == null ? Threshold.DEFAULT_WINDOW : t.window(), Boolean.TRUE.equals(t.abortOnFail()),
                        t.delayAbortEval() == null ? 0 : t.delayAbortEval(), t.series() == null ? null : t.series().strip()));
            }
        }
        return checked;
    }

    /** An observed threshold names a series selector of the test's watched endpoints and one finite bound. */
    private static void observed(String field, ThresholdSpec t, boolean observes, List<Violation> violations) {
        if (!observes) {
            violations.add(new Violation(field + ".metric", "invalid-threshold",
                    field + ": an observed threshold judges a watched endpoint's series; the test observes none (observe)"));
        }
        if (t.series() == null || t.series().isBlank()) {
            violations.add(new Violation(field + ".series", "required",
                    field + ".series is required for observed: a series selector such as otelcol_exporter_queue_size"));
        } else {
            try {
                SeriesSelector.parse(t.series());
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(field + ".series", "invalid-series", field + ".series: " + e.getMessage()));
            }
        }
        if (t.signal() != null) {
            violations.add(new Violation(field + ".signal", "invalid-threshold", field + ": an observed series belongs to no signal"));
        }
        if ((t.max() == null) == (t.min() == null)) {
            violations.add(new Violation(field + ".max", "invalid-threshold",
                    field + ": observed takes a max (the most the series may stay at) or a min, one of them"));
        } else if (!Double.isFinite(t.max() != null ? t.max() : t.min())) {
            violations.add(new Violation(field + (t.max() != null ? ".max" : ".min"), "out-of-range", field + ": a finite number"));
        }
    }
}
