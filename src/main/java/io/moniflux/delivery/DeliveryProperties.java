package io.moniflux.delivery;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param fileBaseDir  the only folder {@code file} destinations may write under
 * @param fileMaxBytes the largest {@code rotation.maxBytes} a file destination may ask for (a file of a test
 *                     could otherwise fill the disk)
 */
@ConfigurationProperties("moniflux.delivery")
public record DeliveryProperties(@DefaultValue("./data/out") Path fileBaseDir, @DefaultValue("1GB") DataSize fileMaxBytes) {
}
