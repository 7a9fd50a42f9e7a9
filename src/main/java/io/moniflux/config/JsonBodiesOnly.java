package io.moniflux.config;

import java.util.List;
import java.util.Set;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Request and response bodies are JSON (and text): the converters for YAML, CBOR and Smile that
 * libraries on the classpath bring in (springdoc brings Jackson 2's YAML) are dropped, because they
 * read bodies without the strict rules the JSON reader keeps (unknown fields, repeated fields, a
 * string for a number). A YAML body is then a 415 like any other unsupported type. Springdoc writes
 * its YAML document itself, as text.
 */
@Configuration(proxyBeanMethods = false)
class JsonBodiesOnly implements WebMvcConfigurer {

    private static final Set<String> LENIENT = Set.of("yaml", "x-yaml", "cbor", "x-jackson-smile");

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConvertersList(converters -> converters.removeIf(JsonBodiesOnly::lenient));
    }

    private static boolean lenient(HttpMessageConverter<?> converter) {
        List<MediaType> types = converter.getSupportedMediaTypes();
        return !types.isEmpty() && types.stream().allMatch(type -> LENIENT.contains(type.getSubtype()));
    }
}
