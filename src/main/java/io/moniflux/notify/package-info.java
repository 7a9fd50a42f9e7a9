/**
 * Notifications: a webhook per test (or the service's default) called when a run completes, fails,
 * aborts on a threshold or finishes a capacity search, with a JSON summary or a Slack-compatible
 * message; failed calls are retried with backoff and every attempt is recorded on the run.
 */
@ApplicationModule(displayName = "Notifications")
package io.moniflux.notify;

import org.springframework.modulith.ApplicationModule;
