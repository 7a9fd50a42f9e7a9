package io.moniflux.engine;

/**
 * One stage of a load profile, as k6's ramping-arrival-rate: over {@code duration} seconds the rate
 * moves linearly from where the previous stage ended to {@code rate} (a duration of 0 is a step).
 */
public record Stage(double duration, double rate) {
}
