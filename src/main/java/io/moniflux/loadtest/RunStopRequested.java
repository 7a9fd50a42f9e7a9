package io.moniflux.loadtest;

/** Cancel or restart asked a run to stop; its owner stops it, wherever it runs. */
public record RunStopRequested(String runID, String testID, String reason) {
}
