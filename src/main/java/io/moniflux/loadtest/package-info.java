/**
 * Load tests: the test aggregate, its runs, its lifecycle (create, start, restart, schedule, cancel)
 * and the Go-compatible HTTP API in {@code web}.
 */
@ApplicationModule(displayName = "Load tests")
package io.moniflux.loadtest;

import org.springframework.modulith.ApplicationModule;
