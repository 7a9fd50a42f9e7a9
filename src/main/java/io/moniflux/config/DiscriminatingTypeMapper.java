package io.moniflux.config;

import java.util.Map;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.core.TypeInformation;
import org.springframework.data.mapping.PersistentEntity;
import org.springframework.data.mapping.context.MappingContext;
import org.springframework.data.mongodb.core.convert.DefaultMongoTypeMapper;

/**
 * Spring Data's type mapper, but for the interfaces modules declare discriminated: their documents are
 * read back as the record their own field names, and written without a class name, so that renaming a
 * class never strands stored data.
 */
final class DiscriminatingTypeMapper extends DefaultMongoTypeMapper {

    private final Map<Class<?>, StoredTypes.Discriminator> discriminated;

    DiscriminatingTypeMapper(MappingContext<? extends PersistentEntity<?, ?>, ?> context,
            Map<Class<?>, StoredTypes.Discriminator> discriminated) {
        super(DEFAULT_TYPE_KEY, context);
        this.discriminated = Map.copyOf(discriminated);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> TypeInformation<? extends T> readType(Bson source, TypeInformation<T> basicType) {
        StoredTypes.Discriminator discriminator = discriminated.get(basicType.getType());
        if (discriminator != null && source instanceof Document document) {
            Class<?> record = discriminator.records().apply(document.get(discriminator.field()));
            if (record != null) {
                return (TypeInformation<? extends T>) TypeInformation.of(record);
            }
        }
        return super.readType(source, basicType);
    }

    @Override
    public void writeType(TypeInformation<?> info, Bson sink) {
        if (!isDiscriminated(info.getType())) {
            super.writeType(info, sink);
        }
    }

    @Override
    public void writeType(Class<?> type, Bson sink) {
        if (!isDiscriminated(type)) {
            super.writeType(type, sink);
        }
    }

    private boolean isDiscriminated(Class<?> type) {
        return discriminated.keySet().stream().anyMatch(base -> base.isAssignableFrom(type));
    }
}
