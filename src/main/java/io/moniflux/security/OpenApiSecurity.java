package io.moniflux.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/** The API description, with the token schemes that Swagger UI's Authorize button fills in. */
@Configuration(proxyBeanMethods = false)
class OpenApiSecurity {

    @Bean
    OpenAPI monifluxApi() {
        return new OpenAPI()
                .info(new Info().title("MoniFlux").version("1")
                        .description("Load tests for observability pipelines: logs, metrics and traces at a promised rate.")
                        .license(new License().name("MIT")))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API token (mfx_...) or, when configured, an OIDC access token"))
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-API-Key")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
