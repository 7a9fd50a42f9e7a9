package io.moniflux.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates MoniFlux API tokens, sent as {@code X-API-Key} or {@code Authorization: Bearer mfx_...}.
 * An unknown or revoked token is refused at once (401); a bearer token that is not MoniFlux's is left to
 * the OAuth2 resource server, when one is configured.
 */
class ApiTokenFilter extends OncePerRequestFilter {

    static final String API_KEY_HEADER = "X-API-Key";

    private final ApiTokens tokens;
    private final boolean jwtEnabled;

    ApiTokenFilter(ApiTokens tokens, boolean jwtEnabled) {
        this.tokens = tokens;
        this.jwtEnabled = jwtEnabled;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String value = token(request);
        if (value == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiToken> token = tokens.authenticate(value);
        if (token.isEmpty()) {
            Problems.write(request, response, HttpStatus.UNAUTHORIZED, "invalid-token", "The API token is unknown or revoked.");
            return;
        }
        List<SimpleGrantedAuthority> authorities = token.get().roles().stream()
                .map(role -> new SimpleGrantedAuthority(role.authority())).toList();
        UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(
                token.get().owner(), null, authorities);
        authentication.setDetails(token.get().id());
        SecurityContextHolder.getContext().setAuthentication(authentication);
        request.setAttribute(AuditFilter.WHO, token.get().owner());
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private String token(HttpServletRequest request) {
        String apiKey = request.getHeader(API_KEY_HEADER);
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.strip();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = authorization.substring(7).strip();
            if (bearer.startsWith(ApiTokens.PREFIX) || !jwtEnabled) {
                return bearer;
            }
        }
        return null;
    }
}
