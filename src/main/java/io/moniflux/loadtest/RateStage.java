package io.moniflux.loadtest;

/**
 * One stage of a signal's load profile: over {@code duration} seconds the rate moves linearly to
 * {@code rate} (duration 0 is a step), as k6's ramping-arrival-rate does.
 */
public record RateStage(double duration, double rate) {
}
