package io.moniflux.verify;

/** A run's verification has its answer (or knows it cannot get one). */
public record RunVerified(String runID, String testID) {
}
