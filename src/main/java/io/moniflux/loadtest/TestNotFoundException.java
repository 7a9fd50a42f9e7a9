package io.moniflux.loadtest;

/** No test with that id (or none that the caller may see). */
public class TestNotFoundException extends RuntimeException {

    private final String testID;

    public TestNotFoundException(String testID) {
        super("No test with testID '" + testID + "' exists.");
        this.testID = testID;
    }

    public String testID() {
        return testID;
    }
}
