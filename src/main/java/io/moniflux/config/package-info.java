/**
 * Infrastructure shared by the service: the embedded MongoDB, the Go service's environment variables,
 * JSON strictness, problem details and the clock.
 */
@ApplicationModule(displayName = "Configuration", type = ApplicationModule.Type.OPEN)
package io.moniflux.config;

import org.springframework.modulith.ApplicationModule;
