/**
 * Delivery of generated telemetry to a destination: one small interface, one adapter per protocol.
 */
@ApplicationModule(displayName = "Delivery")
package io.moniflux.delivery;

import org.springframework.modulith.ApplicationModule;
