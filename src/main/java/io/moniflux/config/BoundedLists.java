package io.moniflux.config;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.ArrayType;
import tools.jackson.databind.type.CollectionType;
import tools.jackson.databind.type.MapType;

/**
 * No list or map in a request body may hold more than {@code moniflux.limits.max-list-items} entries
 * (MONIFLUX_LIMITS_MAX_LIST_ITEMS), whatever field it is: the body size cap alone still lets 256 KB of
 * tiny entries through, each of which a run would then carry, store and evaluate. Checked by the JSON
 * reader itself, so that no request type can forget it; the answer is {@code cap-exceeded} naming
 * the field.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BoundedLists.Limits.class)
class BoundedLists {

    /** @param maxListItems entries one list or map of a request body may hold */
    @ConfigurationProperties("moniflux.limits")
    record Limits(@DefaultValue("100") int maxListItems) {
    }

    /** A list or map of a request body over the cap; the reader adds the field's path. */
    static final class TooManyItemsException extends DatabindException {

        private final int max;

        TooManyItemsException(JsonParser parser, int max) {
            super(parser, "more than " + max + " entries");
            this.max = max;
        }

        int max() {
            return max;
        }
    }

    @Bean
    JsonMapperBuilderCustomizer boundListsAndMaps(Limits limits) {
        int max = limits.maxListItems();
        SimpleModule module = new SimpleModule("moniflux-bounded-lists").setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
                    BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
                return new Bounded(deserializer, max);
            }

            @Override
            public ValueDeserializer<?> modifyMapDeserializer(DeserializationConfig config, MapType type,
                    BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
                return new Bounded(deserializer, max);
            }

            @Override
            public ValueDeserializer<?> modifyArrayDeserializer(DeserializationConfig config, ArrayType type,
                    BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
                return new Bounded(deserializer, max);
            }
        });
        return builder -> builder.addModule(module);
    }

    /** Reads as the deserializer it wraps does, then counts what it read. */
    private static final class Bounded extends DelegatingDeserializer {

        private final int max;

        Bounded(ValueDeserializer<?> delegate, int max) {
            super(delegate);
            this.max = max;
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new Bounded(delegate, max);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            return checked(parser, super.deserialize(parser, context));
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context, Object into) throws JacksonException {
            return checked(parser, super.deserialize(parser, context, into));
        }

        private Object checked(JsonParser parser, Object value) {
            int size = switch (value) {
                case Collection<?> collection -> collection.size();
                case Map<?, ?> map -> map.size();
                case null -> 0;
                default -> value.getClass().isArray() ? Array.getLength(value) : 0;
            };
            if (size > max) {
                throw new TooManyItemsException(parser, max);
            }
            return value;
        }
    }
}
