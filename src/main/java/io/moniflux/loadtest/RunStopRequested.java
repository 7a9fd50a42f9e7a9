package io.moniflux.loadtest;

import io.moniflux.results.EndReason;

/** A run was asked to stop (cancel, restart, a threshold that aborts); its owners stop it, wherever they run. */
public record RunStopRequested(String runID, String testID, EndReason reason) {
}
