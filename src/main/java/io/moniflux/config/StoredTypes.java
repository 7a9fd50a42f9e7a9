package io.moniflux.config;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a module contributes to how MongoDB stores its values: converters (secrets sealed, sealed types
 * as tagged documents...), and interfaces whose documents say themselves which record they are.
 */
public interface StoredTypes {

    /** Spring converters annotated {@code @WritingConverter} or {@code @ReadingConverter}. */
    default List<Object> converters() {
        return List.of();
    }

    /**
     * Interfaces whose stored documents name their record by a field of their own (a destination's
     * {@code type}), so that documents carry no class names: by interface, the field and how its value
     * picks the record (null for the interface's default).
     */
    default Map<Class<?>, Discriminator> discriminated() {
        return Map.of();
    }

    /** The field of a document that names its record, and the record each value names. */
    record Discriminator(String field, Function<Object, Class<?>> records) {
    }
}
