package io.moniflux.delivery;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.jsontype.impl.TypeIdResolverBase;

/**
 * The destination records, each named by its {@code @JsonTypeName}: found once among this module's
 * classes, so that a new protocol's record is known to JSON and to MongoDB without a list to edit.
 */
public final class DestinationTypes {

    private static volatile Map<String, Class<? extends Destination>> types;

    private DestinationTypes() {
    }

    /** Every destination type, by its name. */
    public static Map<String, Class<? extends Destination>> all() {
        Map<String, Class<? extends Destination>> found = types;
        if (found == null) {
            synchronized (DestinationTypes.class) {
                if (types == null) {
                    types = scan();
                }
                found = types;
            }
        }
        return found;
    }

    /** The record of a type, by its name as given ({@code OTLP-HTTP} and {@code otlp-http} alike); null when unknown. */
    public static Class<? extends Destination> of(String type) {
        return all().get(type == null || type.isBlank() ? Destination.DEFAULT_TYPE : type.strip().toLowerCase(Locale.ROOT));
    }

    /** The name of a record's type. */
    public static String nameOf(Class<?> record) {
        JsonTypeName name = record.getAnnotation(JsonTypeName.class);
        if (name == null) {
            throw new IllegalStateException(record.getName() + " is a destination without a @JsonTypeName");
        }
        return name.value();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Class<? extends Destination>> scan() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isConcrete() && definition.getMetadata().isIndependent();
            }
        };
        scanner.addIncludeFilter(new AssignableTypeFilter(Destination.class));
        Map<String, Class<? extends Destination>> found = new TreeMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(Destination.class.getPackageName())) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), Destination.class.getClassLoader());
            Class<? extends Destination> previous = found.put(nameOf(type), (Class<? extends Destination>) type);
            if (previous != null) {
                throw new IllegalStateException("two destination records are named " + nameOf(type));
            }
        }
        return Collections.unmodifiableMap(found);
    }

    /** Jackson's view of the types: the record a destination's {@code type} names, or a refusal listing them. */
    static final class Resolver extends TypeIdResolverBase {

        @Override
        public String idFromValue(DatabindContext context, Object value) {
            return nameOf(value.getClass());
        }

        @Override
        public String idFromValueAndType(DatabindContext context, Object value, Class<?> suggestedType) {
            return nameOf(value != null ? value.getClass() : suggestedType);
        }

        @Override
        public JavaType typeFromId(DatabindContext context, String id) {
            Class<? extends Destination> type = of(id);
            if (type == null) {
                throw InvalidTypeIdException.from(((DeserializationContext) context).getParser(), "unknown destination type '" + id
                        + "'; known types: " + String.join(", ", all().keySet()), _baseType, id);
            }
            return context.constructType(type);
        }

        @Override
        public String getDescForKnownTypeIds() {
            return String.join(", ", all().keySet());
        }

        @Override
        public JsonTypeInfo.Id getMechanism() {
            return JsonTypeInfo.Id.CUSTOM;
        }
    }
}
