package io.moniflux.loadtest;

/**
 * A new run was written and waits for a replica to execute it; the receiving replica acts at once.
 *
 * @param workers its parts, numbered 0 .. workers-1
 */
public record RunLaunched(String runID, String testID, int workers) {
}
