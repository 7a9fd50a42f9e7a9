package io.moniflux.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Slows down guessing tokens: after {@code maxFailures} requests from one address answered 401 within
 * a window, that address is answered 429 for a while, whatever it sends. Counted per replica, in
 * memory, for at most {@value #MAX_ADDRESSES} addresses at once (the oldest windows go first).
 */
class FailedAuthenticationThrottle extends OncePerRequestFilter {

    static final int MAX_ADDRESSES = 10_000;

    private record Window(Instant start, int failures, Instant blockedUntil) {
    }

    private final SecurityProperties.FailedAuthentication settings;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    FailedAuthenticationThrottle(SecurityProperties.FailedAuthentication settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (settings.maxFailures() <= 0) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        Instant now = clock.instant();
        Window window = windows.get(address);
        if (window != null && window.blockedUntil() != null && now.isBefore(window.blockedUntil())) {
            long seconds = Math.max(1, window.blockedUntil().getEpochSecond() - now.getEpochSecond());
            response.setHeader("Retry-After", Long.toString(seconds));
            Problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-authentications",
                    "Too many requests from this address failed authentication; try again in " + seconds + " s.");
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            failed(address, now);
        }
    }

    private void failed(String address, Instant now) {
        if (windows.size() >= MAX_ADDRESSES) {
            windows.entrySet().removeIf(entry -> entry.getValue().start().plus(settings.window()).isBefore(now)
                    && (entry.getValue().blockedUntil() == null || entry.getValue().blockedUntil().isBefore(now)));
        }
        windows.compute(address, (key, window) -> {
            if (window == null || window.start().plus(settings.window()).isBefore(now)) {
                window = new Window(now, 0, null);
            }
            int failures = window.failures() + 1;
            return new Window(window.start(), failures, failures >= settings.maxFailures() ? now.plus(settings.blockFor()) : null);
        });
    }
}
