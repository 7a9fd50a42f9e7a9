/**
 * The telemetry MoniFlux generates: the signal kinds, the event model of logs, metric points and
 * spans, and the generators that build realistic payloads cheaply enough for very high rates.
 */
@ApplicationModule(displayName = "Telemetry")
package io.moniflux.telemetry;

import org.springframework.modulith.ApplicationModule;
