package io.moniflux.watch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param streamTimeout how long one progress stream stays open at most; clients reconnect after it
 * @param maxStreams    progress streams this replica serves at once; more are refused with 503
 * @param maxUserStreams progress streams one user may hold open on this replica; more are refused (cap-exceeded)
 * @param interval      how often a stream looks for seconds its run's parts have newly reported (it sends a
 *                      frame for each, and at least one a second)
 */
@ConfigurationProperties("moniflux.watch")
public record WatchProperties(
        @DefaultValue("25h") Duration streamTimeout,
        @DefaultValue("1000") int maxStreams,
        @DefaultValue("20") int maxUserStreams,
        @DefaultValue("500ms") Duration interval) {
}
