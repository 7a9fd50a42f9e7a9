package io.moniflux.loadtest;

/** A run ended, with every part's results merged into it. */
public record RunEnded(String runID, String testID, RunStatus status) {
}
