/**
 * Load tests: the test aggregate, its runs, its lifecycle (create, start, restart, schedule, cancel)
 * and the Go-compatible HTTP API in {@code web}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Load tests")
package io.moniflux.loadtest;
