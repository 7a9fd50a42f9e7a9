package io.moniflux.delivery;

import java.time.Instant;

/** Time formats the protocols use. */
final class Timestamps {

    private Timestamps() {
    }

    static String iso(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L)).toString();
    }
}
