package io.moniflux.loadtest;

import java.util.ArrayList;
import java.util.List;

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

    static List<ThresholdSpec> check(List<ThresholdSpec> thresholds, int duration, List<Violation> violations) {
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
                        field + ".metric must be errorRate, missedRate, latency or achievedRatio"));
                continue;
            }
            int before = violations.size();
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
            if ((lower ? t.max() : t.min()) != null || bound == null) {
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
                        t.delayAbortEval() == null ? 0 : t.delayAbortEval()));
            }
        }
        return checked;
    }
}
