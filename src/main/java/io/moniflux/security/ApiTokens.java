package io.moniflux.security;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** Creates, finds and revokes API tokens. */
@Service
public class ApiTokens implements InitializingBean {

    static final String PREFIX = "mfx_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token just created: the only moment its value is known. */
    public record Created(ApiToken token, String value) {
    }

    private final MongoTemplate mongo;
    private final Clock clock;

    ApiTokens(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        mongo.indexOps(ApiToken.class).createIndex(new Index().on("hash", Sort.Direction.ASC).unique());
    }

    public Created create(String name, String owner, Set<Role> roles) {
        return create(name, owner, roles, PREFIX + HexFormat.of().formatHex(randomBytes()));
    }

    /** Creates a token with a given value (the admin token from MONIFLUX_ADMIN_TOKEN). */
    Created create(String name, String owner, Set<Role> roles, String value) {
        ApiToken token = new ApiToken(UUID.randomUUID().toString(), name, owner, Set.copyOf(roles), hash(value),
                value.substring(0, Math.min(8, value.length())), clock.instant().truncatedTo(ChronoUnit.MILLIS), null);
        return new Created(mongo.insert(token), value);
    }

    /** The active token with this value, looked up on every request so that a revocation applies at once. */
    public Optional<ApiToken> authenticate(String value) {
        if (value == null || value.isBlank() || value.length() > 512) {
            return Optional.empty();
        }
        return Optional.ofNullable(mongo.findOne(Query.query(where("hash").is(hash(value)).and("revokedAt").is(null)), ApiToken.class));
    }

    public List<ApiToken> list() {
        return mongo.find(new Query().with(Sort.by("createdAt")), ApiToken.class);
    }

    /** Revokes a token; false when there is no such active token. */
    public boolean revoke(String id) {
        return mongo.updateFirst(Query.query(where("_id").is(id).and("revokedAt").is(null)),
                new Update().set("revokedAt", clock.instant()), ApiToken.class).getModifiedCount() > 0;
    }

    public boolean any() {
        return mongo.exists(new Query(), ApiToken.class);
    }

    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    Instant now() {
        return clock.instant();
    }
}
