package io.moniflux.delivery;

import java.util.Map;

import org.springframework.stereotype.Component;

import io.moniflux.config.StoredTypes;

/**
 * Destinations are stored as the flat documents their JSON is, read back as the record their
 * {@code type} names: the same documents the single destination record of earlier versions wrote.
 */
@Component
class DestinationStorage implements StoredTypes {

    @Override
    public Map<Class<?>, Discriminator> discriminated() {
        return Map.of(Destination.class, new Discriminator("type", type -> DestinationTypes.of(type instanceof String name ? name : null)));
    }
}
