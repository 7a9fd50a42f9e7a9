/**
 * Trust: who may call the API (API tokens, or OAuth2/OIDC JWTs) and what they may do, which
 * destinations load may be sent to, secrets encrypted at rest, and an audit trail of changes.
 */
@ApplicationModule(displayName = "Security")
package io.moniflux.security;

import org.springframework.modulith.ApplicationModule;
