package io.moniflux.security;

import java.util.Set;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * On first start with an empty database, creates the admin token: from MONIFLUX_ADMIN_TOKEN when set,
 * otherwise generated and printed once. Replicas starting together agree on one through a marker
 * document only one of them can insert.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final ApiTokens tokens;
    private final MongoTemplate mongo;
    private final SecurityProperties properties;
    private final Environment environment;

    AdminBootstrap(ApiTokens tokens, MongoTemplate mongo, SecurityProperties properties, Environment environment) {
        this.tokens = tokens;
        this.mongo = mongo;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        if (tokens.any()) {
            return;
        }
        try {
            mongo.insert(new Document("_id", "admin-token"), "api_token_bootstrap");
        } catch (DuplicateKeyException another) {
            return; // another replica bootstraps
        }
        String given = properties.adminToken() != null ? properties.adminToken() : environment.getProperty("MONIFLUX_ADMIN_TOKEN");
        if (given != null && !given.isBlank()) {
            if (given.strip().length() < 16) {
                throw new IllegalStateException("MONIFLUX_ADMIN_TOKEN must be at least 16 characters");
            }
            tokens.create("admin (bootstrap)", "admin", Set.of(Role.ADMIN), given.strip());
            log.info("Created the admin API token given in MONIFLUX_ADMIN_TOKEN");
            return;
        }
        ApiTokens.Created created = tokens.create("admin (bootstrap)", "admin", Set.of(Role.ADMIN));
        log.warn("""

                ================================================================================
                No API token existed, so an admin token was created. It is shown only this once:

                    {}

                Use it as 'Authorization: Bearer <token>' or 'X-API-Key: <token>', and create
                tokens for people with POST /admin/tokens. Set MONIFLUX_ADMIN_TOKEN to choose it.
                ================================================================================""", created.value());
    }
}
