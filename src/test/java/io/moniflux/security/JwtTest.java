package io.moniflux.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.moniflux.support.Api;
import io.moniflux.support.FullStackTest;
import io.moniflux.support.Scenario;

/** OAuth2/OIDC access tokens as the alternative to API tokens, when a key or issuer is configured. */
@FullStackTest
class JwtTest {

    static final KeyPair KEYS = keys();
    static final KeyPair OTHER = keys();

    @DynamicPropertySource
    static void publicKey(DynamicPropertyRegistry registry) throws Exception {
        Path pem = Files.createTempFile("moniflux-jwt", ".pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
    }

    @LocalServerPort
    int port;

    @Test
    void anOperatorsJwtActsAsItsUser() {
        Api jane = Api.withToken(port, jwt(KEYS, "jane", List.of("operator")));
        Api.Response created = jane.post("/create-test", Scenario.to("jwt", Map.of("endpoint", "http://127.0.0.1:9"))
                .with("logRate", 1).with("userID", null).definition());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("userID").asString()).isEqualTo("jane");
        assertThat(jane.get("/tests/" + created.json().path("testID").asString()).status()).isEqualTo(200);
    }

    @Test
    void aViewersJwtReadsButCannotChange() {
        Api viewer = Api.withToken(port, jwt(KEYS, "vic", List.of("viewer")));
        assertThat(viewer.get("/tests").status()).isEqualTo(200);
        assertThat(viewer.post("/create-test", Map.of("testID", "nope")).status()).isEqualTo(403);
    }

    @Test
    void aJwtSignedByAnotherKeyIsRefusedAndApiTokensStillWork() {
        assertThat(Api.withToken(port, jwt(OTHER, "mallory", List.of("admin"))).get("/tests").status()).isEqualTo(401);
        assertThat(new Api(port).get("/tests").status()).isEqualTo(200);
    }

    static String jwt(KeyPair keys, String user, List<String> roles) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("sub-" + user).claim("preferred_username", user)
                    .claim("roles", roles).issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 600_000)).build();
            SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            token.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
            return token.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
