package io.moniflux.security;

import java.util.List;

import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.stereotype.Component;

import io.moniflux.config.StoredTypes;
import io.moniflux.delivery.Secret;

/**
 * Secrets are written to MongoDB encrypted and read back decrypted, wherever they are stored (a test's
 * definition, a run's snapshot of it), through the converters of every write and read.
 */
@Component
class SecretStorage implements StoredTypes {

    private final SecretCipher cipher;

    SecretStorage(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public List<Object> converters() {
        return List.of(new Sealing(cipher), new Opening(cipher));
    }

    @WritingConverter
    record Sealing(SecretCipher cipher) implements Converter<Secret, String> {
        @Override
        public String convert(Secret secret) {
            return cipher.encrypt(secret.value());
        }
    }

    @ReadingConverter
    record Opening(SecretCipher cipher) implements Converter<String, Secret> {
        @Override
        public Secret convert(String stored) {
            return new Secret(cipher.decrypt(stored));
        }
    }
}
