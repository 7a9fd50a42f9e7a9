/**
 * Watching the pipeline under test from inside while a run loads it: the metrics endpoints a test
 * lists are scraped every interval (Prometheus text or OpenMetrics), the series asked for are kept,
 * counters become per-second rates and CPU seconds become cores, and each second's values land in the
 * run's timeline beside what MoniFlux sent.
 */
@ApplicationModule(displayName = "Observation of the target")
package io.moniflux.observe;

import org.springframework.modulith.ApplicationModule;
