package io.moniflux.delivery;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param fileBaseDir the only folder {@code file} destinations may write under
 */
@ConfigurationProperties("moniflux.delivery")
public record DeliveryProperties(@DefaultValue("./data/out") Path fileBaseDir) {
}
