package io.moniflux.security;

import java.time.Instant;
import java.util.Set;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An API token. Only its SHA-256 hash is stored: the token is shown once, when it is created. Tokens
 * are 256 random bits, so a fast hash is as safe as a slow one and keeps every request cheap.
 *
 * @param prefix the first characters, to recognise a token in lists without revealing it
 * @param owner  the user whose tests the token acts on
 */
@Document("api_tokens")
public record ApiToken(@Id String id, String name, String owner, Set<Role> roles, String hash, String prefix,
        Instant createdAt, Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
