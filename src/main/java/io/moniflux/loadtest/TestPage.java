package io.moniflux.loadtest;

import java.util.List;

/** One page of a test listing and the number of tests that match in all. */
public record TestPage(List<LoadTest> tests, long total) {
}
