package io.moniflux.results;

/**
 * A signal of a run part changed its rate: to {@code rate} events per second, {@code atNanos} into
 * the run (exactly where its schedule changed). Kept with the part so that a replica resuming it
 * numbers events as they were really sent.
 */
public record RateChange(long atNanos, double rate) {
}
