package io.moniflux.security;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import jakarta.servlet.DispatcherType;

/**
 * Who may do what. Health probes, API docs and the dashboard's files are open, and the Prometheus
 * scrape unless configured otherwise; reading needs the viewer role, changing tests the operator role
 * (on one's own tests, enforced where tests are read), tokens the admin role.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, SecurityProperties properties,
            ObjectProvider<JwtDecoder> jwtDecoder, Clock clock) throws Exception {
        boolean jwt = jwtDecoder.getIfAvailable() != null;
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(cors -> cors.configurationSource(cors(properties)))
                .headers(headers -> headers.frameOptions(frame -> frame.deny()))
                .authorizeHttpRequests(requests -> {
                    // a stream's async dispatch belongs to a request that was already authorised
                    requests.dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll();
                    requests.requestMatchers("/actuator/health", "/actuator/health/**").permitAll();
                    if (properties.openMetrics()) {
                        requests.requestMatchers("/actuator/prometheus").permitAll();
                    }
                    requests.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                                    "/", "/index.html", "/app/**", "/webjars/**", "/favicon.ico", "/error").permitAll()
                            .requestMatchers("/admin/**").hasRole("ADMIN")
                            .requestMatchers(HttpMethod.GET, "/tests", "/tests/**", "/compare", "/destination-types", "/actuator/**").hasRole("VIEWER")
                            .requestMatchers(HttpMethod.POST, "/create-test", "/start-test", "/restart-test", "/schedule-test",
                                    "/cancel-test", "/tests/**").hasRole("OPERATOR")
                            .requestMatchers(HttpMethod.PATCH, "/tests/**").hasRole("OPERATOR")
                            .requestMatchers(HttpMethod.DELETE, "/tests/**").hasRole("OPERATOR")
                            .anyRequest().authenticated();
                })
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> Problems.write(request, response,
                                HttpStatus.UNAUTHORIZED, "unauthenticated",
                                "This needs an API token (Authorization: Bearer mfx_... or X-API-Key)."))
                        .accessDeniedHandler((request, response, e) -> Problems.write(request, response, HttpStatus.FORBIDDEN,
                                "forbidden", "Your role does not allow this.")))
                // in this order (filters at one position keep the order they were added in): audited from before
                // authentication on, so that a refused token (401) or body (413) is audited too
                .addFilterBefore(new AuditFilter(), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new FailedAuthenticationThrottle(properties.failedAuthentication(), clock),
                        UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new AcceptHeaderFilter(), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new BodySizeLimitFilter(properties.maxBodySize().toBytes()), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new ApiTokenFilter(tokens, jwt), UsernamePasswordAuthenticationFilter.class);
        if (jwt) {
            http.oauth2ResourceServer(server -> server.bearerTokenResolver(jwtOnly())
                    .jwt(token -> token.jwtAuthenticationConverter(jwtUsers(properties.jwt()))));
        }
        return http.build();
    }

    /** What the firewall refuses (a ';', an encoded slash, '..') is a problem like every other refusal. */
    @Bean
    static RequestRejectedHandler rejectedRequests() {
        return (request, response, e) -> Problems.write(request, response, HttpStatus.BAD_REQUEST, "rejected-request",
                "The request was refused: its URL or headers hold something not allowed (a ';', '..', an encoded slash or a control character).");
    }

    @Bean
    static RoleHierarchy roles() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_OPERATOR\nROLE_OPERATOR > ROLE_VIEWER");
    }

    /** The resource server reads bearer tokens that are not MoniFlux API tokens. */
    private static BearerTokenResolver jwtOnly() {
        DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();
        return request -> {
            if (request.getHeader(ApiTokenFilter.API_KEY_HEADER) != null) {
                return null;
            }
            String token = resolver.resolve(request);
            return token == null || token.startsWith(ApiTokens.PREFIX) ? null : token;
        };
    }

    private static Converter<Jwt, AbstractAuthenticationToken> jwtUsers(SecurityProperties.Jwt settings) {
        return jwt -> {
            Object claim = jwt.getClaims().get(settings.rolesClaim());
            Collection<?> roles = claim instanceof Collection<?> list ? list
                    : claim instanceof String text ? List.of(text.split("[ ,]+")) : List.of();
            List<GrantedAuthority> authorities = roles.stream().map(String::valueOf)
                    .filter(role -> List.of("viewer", "operator", "admin").contains(role.toLowerCase(Locale.ROOT)))
                    .map(role -> (GrantedAuthority) new SimpleGrantedAuthority(Role.parse(role).authority())).toList();
            String user = jwt.getClaimAsString(settings.userClaim());
            return new JwtAuthenticationToken(jwt, authorities, user != null ? user : jwt.getSubject());
        };
    }

    private static UrlBasedCorsConfigurationSource cors(SecurityProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!properties.corsOrigins().isEmpty()) {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(properties.corsOrigins());
            cors.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE", "OPTIONS"));
            cors.setAllowedHeaders(List.of("Authorization", "X-API-Key", "Content-Type"));
            cors.setExposedHeaders(List.of("X-Total-Count", "Location"));
            cors.setMaxAge(3600L);
            source.registerCorsConfiguration("/**", cors);
        }
        return source;
    }
}
