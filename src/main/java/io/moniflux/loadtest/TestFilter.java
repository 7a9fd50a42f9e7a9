package io.moniflux.loadtest;

/** Which tests a listing shows; a null field does not filter. */
public record TestFilter(TestStatus status, String userID) {
}
