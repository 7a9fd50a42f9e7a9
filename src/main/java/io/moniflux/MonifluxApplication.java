package io.moniflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** MoniFlux: load tests for observability pipelines. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MonifluxApplication {
    public static void main(String[] args) {
        SpringApplication.run(MonifluxApplication.class, args);
    }
}
