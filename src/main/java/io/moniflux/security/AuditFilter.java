package io.moniflux.security;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON line on the {@code moniflux.audit} logger for every state-changing request: who, what,
 * which test, and how it ended. Controllers name the test with {@link #TEST_ID}.
 */
class AuditFilter extends OncePerRequestFilter {

    /** Request attribute under which a controller names the test a request acted on. */
    public static final String TEST_ID = "moniflux.audit.testID";

    /** Request attribute naming who an API token authenticated (its filter clears the security context on the way out). */
    static final String WHO = "moniflux.audit.who";

    private static final Logger audit = LoggerFactory.getLogger("moniflux.audit");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!CHANGES.contains(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            Authentication who = SecurityContextHolder.getContext().getAuthentication();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("audit", "moniflux");
            line.put("at", Instant.now().toString());
            Object tokenOwner = request.getAttribute(WHO);
            line.put("who", tokenOwner != null ? tokenOwner : who == null || !who.isAuthenticated() ? "anonymous" : who.getName());
            line.put("method", request.getMethod());
            line.put("path", request.getRequestURI());
            Object testID = request.getAttribute(TEST_ID);
            if (testID != null) {
                line.put("testID", testID);
            }
            line.put("status", response.getStatus());
            line.put("outcome", response.getStatus() < 300 ? "success" : response.getStatus() < 500 ? "refused" : "error");
            audit.info(JSON.writeValueAsString(line));
        }
    }
}
