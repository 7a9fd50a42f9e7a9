package io.moniflux.delivery;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Trust for TLS: a CA certificate (PEM) to trust, or no verification at all for lab setups; the JDK's
 * trust store when neither is given.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tls(Boolean insecureSkipVerify, String caCertificate) {

    @JsonIgnore
    public boolean insecure() {
        return Boolean.TRUE.equals(insecureSkipVerify);
    }
}
