/**
 * Results of runs: counters, status-code and error-class counts, latency histograms that merge
 * exactly across workers and replicas, and the per-second timeline.
 */
@ApplicationModule(displayName = "Results")
package io.moniflux.results;

import org.springframework.modulith.ApplicationModule;
