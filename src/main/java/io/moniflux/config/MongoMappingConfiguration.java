package io.moniflux.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;

/**
 * MongoDB forbids dots in field names, and the attribute maps users give (OTLP resource attributes such
 * as {@code deployment.environment}) are full of them: map keys are stored with a full-width dot
 * instead, and read back with the dot. The converters and discriminated interfaces of every module's
 * {@link StoredTypes} apply.
 */
@Configuration(proxyBeanMethods = false)
class MongoMappingConfiguration {

    static final String DOT_REPLACEMENT = "\uFF0E";

    @Bean
    MongoCustomConversions mongoCustomConversions(List<StoredTypes> types) {
        return new MongoCustomConversions(types.stream().flatMap(type -> type.converters().stream()).toList());
    }

    @Bean
    static BeanPostProcessor mapKeyDotsAndDiscriminatedTypes(ObjectProvider<StoredTypes> types) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof MappingMongoConverter converter) {
                    converter.setMapKeyDotReplacement(DOT_REPLACEMENT);
                    Map<Class<?>, StoredTypes.Discriminator> discriminated = new HashMap<>();
                    types.orderedStream().forEach(type -> discriminated.putAll(type.discriminated()));
                    converter.setTypeMapper(new DiscriminatingTypeMapper(converter.getMappingContext(), discriminated));
                }
                return bean;
            }
        };
    }
}
