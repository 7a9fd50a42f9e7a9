package io.moniflux.config;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Reads the environment variables of the Go service that MoniFlux replaces ({@code MONGO_URI},
 * {@code MONGO_DB}, {@code PORT}, {@code LOG_LEVEL}) so that existing deployments keep working.
 * It ranks just below the real environment variables, so an explicit {@code SPRING_MONGODB_URI} or
 * system property still wins while the defaults in {@code application.yaml} give way.
 */
class GoServiceEnvironment implements EnvironmentPostProcessor {

    private static final Map<String, String> NAMES = Map.of(
            "MONGO_URI", "spring.mongodb.uri",
            "MONGO_DB", "spring.mongodb.database",
            "PORT", "server.port",
            "LOG_LEVEL", "logging.level.io.moniflux");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> mapped = new HashMap<>();
        NAMES.forEach((variable, property) -> {
            String value = environment.getProperty(variable);
            if (value != null && !value.isBlank()) {
                mapped.put(property, value.strip());
            }
        });
        if (!mapped.isEmpty()) {
            environment.getPropertySources().addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new MapPropertySource("goServiceEnvironment", mapped));
        }
    }
}
