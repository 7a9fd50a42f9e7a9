package io.moniflux.loadtest;

/**
 * Which tests a listing shows; a null field does not filter.
 *
 * @param idContains text the test id contains, case-insensitively
 */
public record TestFilter(TestStatus status, String userID, String idContains) {

    public TestFilter(TestStatus status, String userID) {
        this(status, userID, null);
    }
}
