package io.moniflux.delivery;

import java.time.Duration;

/** How a channel treats its connections. */
public record ChannelSettings(Duration connectTimeout, Duration requestTimeout, int maxConnections) {

    public static final ChannelSettings DEFAULTS = new ChannelSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), 256);
}
