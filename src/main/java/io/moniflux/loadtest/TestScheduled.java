package io.moniflux.loadtest;

import java.time.Instant;

/** A test was scheduled to start at {@code at}. */
public record TestScheduled(String testID, Instant at) {
}
