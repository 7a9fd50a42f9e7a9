package io.moniflux.loadtest;

import java.util.List;
import java.util.Map;

/**
 * The rules a capacity search keeps: a signal, a start and ceiling within the rate limit, one way to
 * step up, steps that fit the test's duration, thresholds to judge each step by, and one worker; what
 * passes is filled in with the defaults.
 */
final class CapacityRules {

    private final LoadTestLimits limits;

    CapacityRules(LoadTestLimits limits) {
        this.limits = limits;
    }

    CapacitySpec check(CapacitySpec c, List<ThresholdSpec> thresholds, int duration, int workers,
            Map<String, List<RateStage>> stages, List<Violation> violations) {
        if (c == null) {
            return null;
        }
        int before = violations.size();
        if (c.signal() == null || !TestSpecs.SIGNALS.contains(c.signal())) {
            violations.add(new Violation("capacity.signal", "unknown-signal", "capacity.signal must be logs, metrics or traces"));
        }
        if (c.start() == null || !Double.isFinite(c.start()) || c.start() <= 0 || c.start() > limits.maxRate()) {
            violations.add(new Violation("capacity.start", "out-of-range",
                    "capacity.start must be a rate above 0 and at most " + limits.maxRate() + " events per second"));
        }
        if (c.ceiling() == null || !Double.isFinite(c.ceiling()) || c.ceiling() > limits.maxRate()
                || c.start() != null && c.ceiling() < c.start()) {
            violations.add(new Violation("capacity.ceiling", "out-of-range",
                    "capacity.ceiling is required: the highest rate to try, at least start and at most " + limits.maxRate()));
        }
        if (c.factor() != null && c.increment() != null) {
            violations.add(new Violation("capacity.factor", "invalid-capacity", "give capacity.factor or capacity.increment, not both"));
        } else if (c.factor() != null && (!Double.isFinite(c.factor()) || c.factor() <= 1 || c.factor() > 100)) {
            violations.add(new Violation("capacity.factor", "out-of-range", "capacity.factor must be above 1 and at most 100"));
        } else if (c.increment() != null && (!Double.isFinite(c.increment()) || c.increment() <= 0)) {
            violations.add(new Violation("capacity.increment", "out-of-range", "capacity.increment must be above 0"));
        }
        int step = c.stepDuration() == null ? 30 : c.stepDuration();
        if (step < 2 || step > 3600) {
            violations.add(new Violation("capacity.stepDuration", "out-of-range", "capacity.stepDuration must be 2 to 3600 seconds"));
        }
        int warmup = c.warmup() == null ? Math.max(1, step / 5) : c.warmup();
        if (warmup < 0 || warmup >= step) {
            violations.add(new Violation("capacity.warmup", "out-of-range", "capacity.warmup must be 0 or more and shorter than a step"));
        }
        double precision = c.precision() == null ? CapacitySpec.DEFAULT_PRECISION : c.precision();
        if (!Double.isFinite(precision) || precision < 0.001 || precision > 0.5) {
            violations.add(new Violation("capacity.precision", "out-of-range", "capacity.precision must be 0.001 to 0.5 (0.05 = 5 %)"));
        }
        int maxSteps = c.maxSteps() == null ? CapacitySpec.DEFAULT_MAX_STEPS : c.maxSteps();
        if (maxSteps < 1 || maxSteps > 100) {
            violations.add(new Violation("capacity.maxSteps", "out-of-range", "capacity.maxSteps must be 1 to 100"));
        }
        if (thresholds.isEmpty()) {
            violations.add(new Violation("thresholds", "required", "a capacity search needs thresholds: they decide whether a step held"));
        }
        if (workers != 1) {
            violations.add(new Violation("workers", "invalid-capacity", "a capacity search runs on one worker (workers: 1)"));
        }
        if (duration > 0 && duration < step) {
            violations.add(new Violation("duration", "invalid-capacity",
                    "duration (" + duration + " s, the search's time limit) must hold at least one step of " + step + " s"));
        }
        if (c.signal() != null && stages != null && stages.containsKey(c.signal())) {
            violations.add(new Violation("stages." + c.signal(), "invalid-capacity",
                    "the capacity search drives " + c.signal() + "' rate; it cannot also have stages"));
        }
        if (violations.size() > before) {
            return c;
        }
        return new CapacitySpec(c.signal(), c.start(), c.increment() == null ? (c.factor() == null ? CapacitySpec.DEFAULT_FACTOR
                : c.factor()) : null, c.increment(), step, warmup, c.ceiling(), precision, maxSteps);
    }
}
