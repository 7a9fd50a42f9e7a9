package io.moniflux.loadtest;

/** The test has no run with that id. */
public class RunNotFoundException extends RuntimeException {

    public RunNotFoundException(String testID, String runID) {
        super("Test '" + testID + "' has no run '" + runID + "'.");
    }
}
