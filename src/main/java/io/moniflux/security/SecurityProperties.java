package io.moniflux.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param adminToken    the admin token created on first start with an empty database; generated and
 *                      printed once when absent (also read from MONIFLUX_ADMIN_TOKEN)
 * @param openMetrics   whether /actuator/prometheus may be scraped without a token
 * @param corsOrigins   origins allowed to call the API from a browser (the frontend's)
 * @param maxBodySize   largest request body accepted
 * @param secretKey     AES key (base64 of 32 bytes) that encrypts destination apiKeys at rest
 * @param secretKeyFile a file holding that key (a mounted secret), instead of secretKey
 * @param jwt           how OAuth2/OIDC tokens map to MoniFlux users and roles, when an issuer is configured
 * @param destinations  where load may be sent
 */
@ConfigurationProperties("moniflux.security")
public record SecurityProperties(
        String adminToken,
        @DefaultValue("true") boolean openMetrics,
        @DefaultValue List<String> corsOrigins,
        @DefaultValue("256KB") DataSize maxBodySize,
        String secretKey,
        Path secretKeyFile,
        @DefaultValue Jwt jwt,
        @DefaultValue Destinations destinations,
        @DefaultValue FailedAuthentication failedAuthentication) {

    /**
     * @param userClaim  the claim naming the user (whose tests the token acts on)
     * @param rolesClaim the claim listing roles (viewer, operator, admin)
     */
    public record Jwt(@DefaultValue("preferred_username") String userClaim, @DefaultValue("roles") String rolesClaim) {
    }

    /**
     * @param allow         hosts ({@code collector.obs.svc}, {@code *.example.com}) and CIDRs load may go to; empty
     *                      for anywhere the default rules allow
     * @param deny          hosts and CIDRs load must never go to
     * @param allowLoopback whether 127.0.0.0/8 and ::1 may be targets; by default only on the embedded
     *                      database (the developer setup)
     */
    /**
     * @param maxFailures requests answered 401 from one address within {@code window} before it is answered
     *                    429 for {@code blockFor}; 0 turns the throttle off
     */
    public record FailedAuthentication(@DefaultValue("20") int maxFailures, @DefaultValue("1m") Duration window,
            @DefaultValue("1m") Duration blockFor) {
    }

    public record Destinations(@DefaultValue List<String> allow, @DefaultValue List<String> deny, Boolean allowLoopback) {
    }
}
