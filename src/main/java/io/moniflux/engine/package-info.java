/**
 * The load engine: open-loop pacing of each signal stream, bounded in-flight requests on virtual
 * threads, honest accounting of what was sent, refused and missed, and live rate control.
 */
@ApplicationModule(displayName = "Engine")
package io.moniflux.engine;

import org.springframework.modulith.ApplicationModule;
