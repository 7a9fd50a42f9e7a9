package io.moniflux.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The Go service's variables configure MoniFlux; Spring's own explicit settings still win. */
class GoServiceEnvironmentTest {

    @Test
    void mapsTheGoServiceVariablesAboveTheApplicationDefaults() {
        StandardEnvironment environment = environment(Map.of(
                "MONGO_URI", "mongodb://mongo:27017", "MONGO_DB", "loadtests", "PORT", "9090", "LOG_LEVEL", "debug"));
        environment.getPropertySources().addLast(new MapPropertySource("application.yaml",
                Map.of("server.port", "8080", "spring.mongodb.database", "moniflux")));

        new GoServiceEnvironment().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.mongodb.uri")).isEqualTo("mongodb://mongo:27017");
        assertThat(environment.getProperty("spring.mongodb.database")).isEqualTo("loadtests");
        assertThat(environment.getProperty("server.port")).isEqualTo("9090");
        assertThat(environment.getProperty("logging.level.io.moniflux")).isEqualTo("debug");
    }

    @Test
    void springsOwnVariableWinsOverTheGoName() {
        StandardEnvironment environment = environment(Map.of("MONGO_URI", "mongodb://old:27017",
                "SPRING_MONGODB_URI", "mongodb://new:27017"));

        new GoServiceEnvironment().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.mongodb.uri")).isEqualTo("mongodb://new:27017");
    }

    @Test
    void blankVariablesAreIgnored() {
        StandardEnvironment environment = environment(Map.of("MONGO_URI", " "));

        new GoServiceEnvironment().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.mongodb.uri")).isNull();
    }

    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return environment;
    }
}
