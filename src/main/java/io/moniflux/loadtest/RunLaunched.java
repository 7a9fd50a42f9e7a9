package io.moniflux.loadtest;

/** A new run was written and waits for a replica to execute it; the receiving replica acts at once. */
public record RunLaunched(String runID, String testID) {
}
