package io.moniflux.notify;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultWebhook the webhook of tests that name none; empty for none
 * @param defaultFormat  json or slack, for the default webhook
 * @param maxAttempts    calls per notification at most
 * @param backoff        wait before the second attempt; it doubles after each failure
 * @param timeout        how long one call may take
 */
@ConfigurationProperties("moniflux.notify")
public record NotifyProperties(
        @DefaultValue("") String defaultWebhook,
        @DefaultValue("json") String defaultFormat,
        @DefaultValue("4") int maxAttempts,
        @DefaultValue("1s") Duration backoff,
        @DefaultValue("10s") Duration timeout) {
}
