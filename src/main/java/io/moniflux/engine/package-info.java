/**
 * The load engine: open-loop pacing of each signal stream, bounded in-flight requests on virtual
 * threads, honest accounting of what was sent, refused and missed, and live rate control.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Engine")
package io.moniflux.engine;
