package io.moniflux.engine;

import io.moniflux.telemetry.Signal;

/**
 * How a capacity search raises one signal's rate: from {@code start}, times {@code factor} (or plus
 * {@code increment}) a step, each held for {@code stepDuration} seconds and judged after
 * {@code warmup} seconds, up to {@code ceiling}; after the first failing step it bisects between the
 * last rate that held and the first that broke until they are within {@code precision} of each
 * other, or {@code maxSteps} steps were run.
 */
public record CapacityPlan(Signal signal, double start, double factor, double increment, int stepDuration, int warmup,
        double ceiling, double precision, int maxSteps) {

    /** The rate after a passing step while no step has failed yet. */
    double raise(double rate) {
        return Math.min(ceiling, increment > 0 ? rate + increment : rate * factor);
    }
}
