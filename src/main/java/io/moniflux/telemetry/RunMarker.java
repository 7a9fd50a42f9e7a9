package io.moniflux.telemetry;

/**
 * Stamped on every event so that what reached a backend can be reconciled with what was sent: the
 * test, the run, and the part (worker) of the run that sent it.
 */
public record RunMarker(String testID, String runID, int part) {
}
