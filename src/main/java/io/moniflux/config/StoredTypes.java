package io.moniflux.config;

import java.util.List;

/**
 * Converters a module contributes to how MongoDB stores its values (secrets sealed, sealed types as
 * tagged documents...); the application's conversions are all of them together.
 */
public interface StoredTypes {

    /** Spring converters annotated {@code @WritingConverter} or {@code @ReadingConverter}. */
    List<Object> converters();
}
