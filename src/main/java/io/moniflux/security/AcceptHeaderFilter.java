package io.moniflux.security;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers a request whose Accept header cannot be parsed ({@code text/html;q=abc}) with a 400
 * problem, before anything negotiates on it: left to content negotiation, it was a 500 with a stack
 * trace at ERROR that any viewer could cause at will.
 */
class AcceptHeaderFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var accepts = request.getHeaders(HttpHeaders.ACCEPT);
        while (accepts != null && accepts.hasMoreElements()) {
            String accept = accepts.nextElement();
            try {
                MediaType.parseMediaTypes(accept);
            } catch (InvalidMediaTypeException e) {
                Problems.write(request, response, HttpStatus.BAD_REQUEST, "invalid-accept",
                        "The Accept header is not a list of media types (" + e.getMessage().replaceAll("[^ -~]", "?") + ").");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
