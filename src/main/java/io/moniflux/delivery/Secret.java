package io.moniflux.delivery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A secret value (a destination's apiKey). It prints and serializes as {@code ****}, so it cannot slip
 * into a log, a response or an error message; MoniFlux stores it encrypted.
 */
public record Secret(String value) {

    public static final String MASK = "****";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Secret of(String value) {
        return value == null ? null : new Secret(value);
    }

    @JsonValue
    String masked() {
        return MASK;
    }

    @Override
    public String toString() {
        return MASK;
    }
}
