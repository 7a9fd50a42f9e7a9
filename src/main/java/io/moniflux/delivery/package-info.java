/**
 * Delivery of generated telemetry to a destination: one small interface, one adapter per protocol.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Delivery")
package io.moniflux.delivery;
