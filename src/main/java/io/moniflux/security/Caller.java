package io.moniflux.security;

import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling: the user a test belongs to when they create it, and whether they see everyone's
 * tests (admins) or only their own.
 */
public record Caller(String userID, boolean admin) {

    /** The caller of the current request. */
    public static Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            throw new IllegalStateException("no authenticated caller");
        }
        Set<String> authorities = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        return new Caller(authentication.getName(), authorities.contains(Role.ADMIN.authority()));
    }

    /** Whether this caller may see and change a test of {@code owner}. */
    public boolean owns(String owner) {
        return admin || userID.equals(owner);
    }
}
