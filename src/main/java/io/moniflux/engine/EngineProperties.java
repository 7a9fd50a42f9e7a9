package io.moniflux.engine;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxInFlight    requests in flight at once per signal of a run part, unless a test says
 * @param maxLag         how far a stream may fall behind its schedule before the events of a slot are
 *                       counted as missed instead of sent late
 * @param connectTimeout to open a connection
 * @param requestTimeout for an answer once a request is sent
 * @param stopGrace      how long a stopped run waits for requests in flight before closing them
 */
@ConfigurationProperties("moniflux.engine")
public record EngineProperties(
        @DefaultValue("256") int maxInFlight,
        @DefaultValue("1s") Duration maxLag,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("2s") Duration stopGrace) {
}
