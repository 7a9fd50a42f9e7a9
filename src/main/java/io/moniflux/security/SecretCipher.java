package io.moniflux.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.moniflux.config.EmbeddedDatabase;

/**
 * Encrypts secrets at rest with AES-256-GCM. The key comes from the environment
 * ({@code MONIFLUX_SECURITY_SECRET_KEY}, base64 of 32 bytes) or a mounted file
 * ({@code MONIFLUX_SECURITY_SECRET_KEY_FILE}); on the embedded database alone — the developer setup —
 * a key is generated beside the data when none is given. Against a real MongoDB without a key,
 * MoniFlux refuses to start rather than store secrets in clear.
 */
@Component
class SecretCipher {

    private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);
    static final String PREFIX = "enc:v1:";
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    SecretCipher(SecurityProperties properties, ObjectProvider<EmbeddedDatabase> embedded, Environment environment) {
        this.key = new SecretKeySpec(keyBytes(properties, embedded.getIfAvailable(), environment), "AES");
    }

    String encrypt(String plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret", e);
        }
    }

    /** The plain value; a value stored before encryption existed is returned as it is. */
    String decrypt(String stored) {
        if (!stored.startsWith(PREFIX)) {
            return stored;
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, IV_BYTES));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored secret cannot be decrypted: was the secret key changed?", e);
        }
    }

    private static byte[] keyBytes(SecurityProperties properties, EmbeddedDatabase embedded, Environment environment) {
        String text = properties.secretKey() != null ? properties.secretKey() : environment.getProperty("MONIFLUX_SECRET_KEY");
        if (text != null && !text.isBlank()) {
            return decode(text, "the secret key");
        }
        if (properties.secretKeyFile() != null) {
            return decode(read(properties.secretKeyFile()), "the secret key file " + properties.secretKeyFile());
        }
        if (embedded != null) {
            if (embedded.dataDirectory() == null) {
                byte[] ephemeral = new byte[32];
                RANDOM.nextBytes(ephemeral);
                return ephemeral; // the data is in memory too
            }
            return generated(embedded.dataDirectory().resolve("secret.key"));
        }
        throw new IllegalStateException("No key to encrypt destination secrets with: set MONIFLUX_SECURITY_SECRET_KEY "
                + "(32 random bytes, base64: openssl rand -base64 32) or MONIFLUX_SECURITY_SECRET_KEY_FILE (a mounted secret)");
    }

    private static byte[] generated(Path file) {
        try {
            if (Files.exists(file)) {
                return decode(read(file), "the key file " + file);
            }
            Files.createDirectories(file.getParent());
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            log.info("Generated the key that encrypts destination secrets in {} (keep it with the data)", file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the secret key file " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secret key file " + file, e);
        }
    }

    private static byte[] decode(String base64, String what) {
        try {
            byte[] key = Base64.getDecoder().decode(base64.strip());
            if (key.length != 32) {
                throw new IllegalStateException(what + " must be 32 bytes, base64-encoded; it is " + key.length + " bytes");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(what + " is not base64", e);
        }
    }
}
