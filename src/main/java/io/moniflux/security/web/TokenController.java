package io.moniflux.security.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.moniflux.config.ApiProblems;
import io.moniflux.security.ApiToken;
import io.moniflux.security.ApiTokens;
import io.moniflux.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

/** API tokens, for admins: create (the value is shown once), list, revoke. */
@RestController
@Tag(name = "API tokens", description = "Admin only")
class TokenController {

    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._@:-]{1,128}");

    private final ApiTokens tokens;

    TokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    record CreateToken(@Schema(example = "ci-pipeline") String name, @Schema(example = "user123") String owner,
            @Schema(example = "[\"operator\"]") List<String> roles) {
    }

    record TokenView(String id, String name, String owner, Set<String> roles, String prefix, Instant createdAt,
            Instant revokedAt, String token) {

        static TokenView of(ApiToken token, String value) {
            return new TokenView(token.id(), token.name(), token.owner(),
                    token.roles().stream().map(r -> r.name().toLowerCase()).collect(Collectors.toSet()), token.prefix(),
                    token.createdAt(), token.revokedAt(), value);
        }
    }

    @PostMapping("/admin/tokens")
    @Operation(summary = "Create an API token; its value is in this response only")
    ResponseEntity<TokenView> create(@RequestBody CreateToken request) {
        if (request.name() == null || request.name().isBlank() || request.name().length() > 128
                || request.name().chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("name is required: at most 128 characters");
        }
        if (request.owner() == null || !OWNER.matcher(request.owner()).matches()) {
            throw new IllegalArgumentException("owner is required: the user (1 to 128 letters, digits, '.', '_', '@', ':' or '-')");
        }
        if (request.roles() == null || request.roles().isEmpty()) {
            throw new IllegalArgumentException("roles is required: viewer, operator or admin");
        }
        Set<Role> roles;
        try {
            roles = request.roles().stream().map(Role::parse).collect(Collectors.toSet());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("roles are viewer, operator or admin");
        }
        ApiTokens.Created created = tokens.create(request.name().strip(), request.owner(), roles);
        return ResponseEntity.created(URI.create("/admin/tokens/" + created.token().id()))
                .body(TokenView.of(created.token(), created.value()));
    }

    @GetMapping("/admin/tokens")
    @Operation(summary = "List API tokens (never their values)")
    List<TokenView> list() {
        return tokens.list().stream().map(token -> TokenView.of(token, null)).toList();
    }

    @DeleteMapping("/admin/tokens/{id}")
    @Operation(summary = "Revoke an API token; it stops working at once")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        if (!tokens.revoke(id)) {
            throw new TokenNotFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    static final class TokenNotFound extends RuntimeException {
        TokenNotFound(String id) {
            super("No active API token with id '" + id + "'.");
        }
    }

    @ExceptionHandler
    ProblemDetail invalid(IllegalArgumentException e) {
        return ApiProblems.of(HttpStatus.BAD_REQUEST, "invalid-token-request", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail notFound(TokenNotFound e) {
        return ApiProblems.of(HttpStatus.NOT_FOUND, "token-not-found", e.getMessage());
    }
}
