package io.moniflux.config;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;

/**
 * MongoDB forbids dots in field names, and the attribute maps users give (OTLP resource attributes such
 * as {@code deployment.environment}) are full of them: map keys are stored with a full-width dot
 * instead, and read back with the dot.
 */
@Configuration(proxyBeanMethods = false)
class MongoMappingConfiguration {

    static final String DOT_REPLACEMENT = "\uFF0E";

    @Bean
    static BeanPostProcessor mapKeyDots() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof MappingMongoConverter converter) {
                    converter.setMapKeyDotReplacement(DOT_REPLACEMENT);
                }
                return bean;
            }
        };
    }
}
