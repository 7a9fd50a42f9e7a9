/**
 * Infrastructure shared by the service: the embedded MongoDB, the Go service's environment variables,
 * JSON strictness, problem details and the clock.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Configuration", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.moniflux.config;
