package io.moniflux.results;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param timelineRetention how long per-second timelines are kept (a TTL index in MongoDB) */
@ConfigurationProperties("moniflux.results")
public record ResultsProperties(@DefaultValue("30d") Duration timelineRetention) {
}
