/**
 * End-to-end verification: after a run, the backend behind the destination is asked, through its
 * own query API, how many of the run's events it holds; the run gains verified counts and the loss
 * per signal.
 */
@ApplicationModule(displayName = "End-to-end verification")
package io.moniflux.verify;

import org.springframework.modulith.ApplicationModule;
