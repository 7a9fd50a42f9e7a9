package io.moniflux.engine;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

import io.moniflux.results.CapacityResult;
import io.moniflux.results.Threshold;
import io.moniflux.results.ThresholdMonitor;
import io.moniflux.results.ThresholdMonitor.Sample;

/**
 * A capacity search as the seconds of a run go by: each step holds a rate, is judged against the
 * thresholds over its seconds after the warm-up, and decides the next rate — up by the step factor
 * until a step fails, then halfway between the highest rate that held and the lowest that broke.
 * Free of clocks and threads: it is fed closed seconds.
 */
final class CapacitySearch {

    private final CapacityPlan plan;
    private final List<Threshold> thresholds;
    private final String destination;
    private final List<CapacityResult.Step> steps = new ArrayList<>();
    private final List<Map<String, Sample>> judged = new ArrayList<>();
    private double rate;
    private long stepStart;
    private Double highestPassed;
    private Double lowestFailed;
    private String lowestFailedBecause;
    private boolean done;
    private boolean ceilingReached;
    private Double generatorLimitedAt;
    private double achievedAtLimit;
    /** Share of a step's due events the generator may miss before the step says nothing about the destination. */
    private static final double GENERATOR_LIMIT = 0.01;

    CapacitySearch(CapacityPlan plan, List<Threshold> thresholds, String destination, long firstSecond) {
        this.plan = plan;
        this.thresholds = List.copyOf(thresholds);
        this.destination = destination;
        this.rate = plan.start();
        this.stepStart = firstSecond;
    }

    /**
     * Carries on a search that an earlier owner of the run began (failover): its finished steps and
     * bracket stand, and the next step is the one they call for. A step cut short by the failover is
     * run again from its start.
     */
    void resume(CapacityResult earlier) {
        if (earlier == null || earlier.steps().isEmpty()) {
            return;
        }
        steps.addAll(earlier.steps());
        highestPassed = earlier.sustainedRate();
        lowestFailed = earlier.failedRate();
        lowestFailedBecause = earlier.steps().stream().filter(step -> !step.passed() && lowestFailed != null
                && step.rate() == lowestFailed && !step.breached().isEmpty()).map(step -> step.breached().getFirst())
                .findFirst().orElse("did not hold");
        rate = earlier.steps().getLast().rate();
        if (earlier.steps().getLast().generatorLimited()) {
            generatorLimitedAt = rate;
            achievedAtLimit = earlier.steps().getLast().achievedRate();
        }
        OptionalDouble next = next();
        if (next.isEmpty()) {
            done = true;
        } else {
            rate = next.getAsDouble();
        }
    }

    double rate() {
        return rate;
    }

    boolean done() {
        return done;
    }

    /**
     * One second closed. Returns the rate of the next step when this second ended a step and the
     * search goes on; empty otherwise (see {@link #done()}).
     */
    OptionalDouble second(long second, Map<String, Sample> samples) {
        if (done) {
            return OptionalDouble.empty();
        }
        if (second >= stepStart + plan.warmup()) {
            judged.add(samples);
        }
        if (second < stepStart + plan.stepDuration() - 1) {
            return OptionalDouble.empty();
        }
        judge(second);
        OptionalDouble next = next();
        judged.clear();
        stepStart = second + 1;
        if (next.isEmpty()) {
            done = true;
        } else {
            rate = next.getAsDouble();
        }
        return next;
    }

    private void judge(long lastSecond) {
        List<String> breached = new ArrayList<>();
        for (Threshold threshold : thresholds) {
            Double value = ThresholdMonitor.valueOver(threshold, judged);
            if (value != null && threshold.breachedBy(value)) {
                breached.add(threshold.subject() + " was " + threshold.format(value) + " (limit " + threshold.format(threshold.bound()) + ")");
            }
        }
        boolean passed = breached.isEmpty();
        long sent = 0;
        long due = 0;
        long generatorMissed = 0;
        for (Map<String, Sample> second : judged) {
            Sample sample = second.get(plan.signal().key());
            if (sample != null) {
                sent += sample.point().sent();
                due += sample.point().attempted() + sample.point().missed();
                generatorMissed += sample.point().generatorMissed();
            }
        }
        // the destination was not what held the rate back: the step is no verdict on it
        boolean generatorLimited = generatorMissed > GENERATOR_LIMIT * Math.max(1, due);
        Double errorRate = measured(Threshold.Metric.ERROR_RATE, null);
        Double missedRate = measured(Threshold.Metric.MISSED_RATE, null);
        Double p99 = measured(Threshold.Metric.LATENCY, 99.0);
        steps.add(new CapacityResult.Step(steps.size() + 1, rate, stepStart, lastSecond, passed,
                round((double) sent / Math.max(1, judged.size())), errorRate == null ? 0 : round(errorRate),
                missedRate == null ? 0 : round(missedRate), p99 == null ? null : round(p99), breached, generatorLimited));
        if (generatorLimited) {
            generatorLimitedAt = rate;
            achievedAtLimit = round((double) sent / Math.max(1, judged.size()));
        } else if (passed) {
            highestPassed = highestPassed == null ? rate : Math.max(highestPassed, rate);
        } else if (lowestFailed == null || rate < lowestFailed) {
            lowestFailed = rate;
            lowestFailedBecause = breached.getFirst();
        }
    }

    /** The searched signal's value of a threshold metric over the judged seconds of this step. */
    private Double measured(Threshold.Metric metric, Double percentile) {
        return ThresholdMonitor.valueOver(Threshold.measuring(metric, plan.signal().key(), percentile), judged);
    }

    private OptionalDouble next() {
        if (generatorLimitedAt != null || steps.size() >= plan.maxSteps()) {
            return OptionalDouble.empty();
        }
        if (lowestFailed == null) {
            if (rate >= plan.ceiling()) {
                ceilingReached = true;
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(plan.raise(rate));
        }
        double low = highestPassed == null ? 0 : highestPassed;
        if (low > 0 && (lowestFailed - low) / low <= plan.precision()) {
            return OptionalDouble.empty();
        }
        double middle = tidy((low + lowestFailed) / 2);
        if (middle <= low || middle >= lowestFailed || lowestFailed < 1) {
            return OptionalDouble.empty(); // nothing left between them worth a step
        }
        return OptionalDouble.of(middle);
    }

    /** Rates people can read: whole events per second above 10/s. */
    private static double tidy(double rate) {
        return rate >= 10 ? Math.round(rate) : Math.round(rate * 100) / 100.0;
    }

    /**
     * The search so far: while the run goes on and the search has no answer yet it is still searching;
     * once the run has ended without one it was cut short.
     */
    CapacityResult result(boolean runEnded) {
        CapacityResult.State state = done ? (generatorLimitedAt != null ? CapacityResult.State.GENERATOR_LIMITED
                : ceilingReached ? CapacityResult.State.CEILING : CapacityResult.State.CONVERGED)
                : runEnded ? CapacityResult.State.CUT_SHORT : CapacityResult.State.SEARCHING;
        return new CapacityResult(plan.signal().key(), highestPassed, lowestFailed, ceilingReached, done, state,
                summary(state), steps);
    }

    private String summary(CapacityResult.State state) {
        String unit = plan.signal().key() + "/s";
        String held = thresholds.stream().map(Threshold::condition).reduce((a, b) -> a + ", " + b).orElse("");
        StringBuilder text = new StringBuilder(destination);
        if (state == CapacityResult.State.SEARCHING) {
            text.append(": searching, step ").append(steps.size() + 1).append(" at ").append(format(rate)).append(' ').append(unit);
            if (highestPassed != null) {
                text.append("; ").append(format(highestPassed)).append(' ').append(unit).append(" held so far");
            }
            if (lowestFailed != null) {
                text.append("; ").append(format(lowestFailed)).append(' ').append(unit).append(" broke");
            }
            return text.toString();
        }
        if (state == CapacityResult.State.GENERATOR_LIMITED) {
            if (highestPassed != null) {
                text.append(" took at least ").append(format(highestPassed)).append(' ').append(unit).append(" with ").append(held);
                text.append(';');
            } else {
                text.append(':');
            }
            return text.append(" at ").append(format(generatorLimitedAt)).append(' ').append(unit)
                    .append(" MoniFlux itself was the bottleneck (it generated ").append(format(achievedAtLimit)).append(' ')
                    .append(unit).append("), not the destination, so the search stopped there").toString();
        }
        if (highestPassed == null && lowestFailed == null) {
            return text.append(": no step finished before the run ended").toString();
        }
        if (highestPassed == null) {
            text.append(" did not hold even ").append(format(lowestFailed)).append(' ').append(unit).append(": ")
                    .append(lowestFailedBecause);
        } else {
            text.append(" took ").append(format(highestPassed)).append(' ').append(unit).append(" with ").append(held);
            if (ceilingReached) {
                text.append(", the ceiling of the search");
            } else if (lowestFailed != null) {
                text.append("; at ").append(format(lowestFailed)).append(' ').append(unit).append(' ').append(lowestFailedBecause);
            }
        }
        if (state == CapacityResult.State.CUT_SHORT) {
            text.append(" (the run ended before the search converged)");
        }
        return text.toString();
    }

    private static String format(double rate) {
        NumberFormat format = NumberFormat.getNumberInstance(Locale.ENGLISH);
        format.setMaximumFractionDigits(2);
        return format.format(rate);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
