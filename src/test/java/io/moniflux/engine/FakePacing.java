package io.moniflux.engine;

import java.util.function.LongConsumer;

/** A clock that jumps to wherever the pacer wants to wait until: pacing tested without sleeping. */
final class FakePacing implements Pacing {

    long now;
    LongConsumer onAdvance = t -> { };

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void parkUntil(long deadline) {
        advanceTo(deadline);
    }

    void advanceTo(long t) {
        if (t > now) {
            now = t;
            onAdvance.accept(t);
        }
    }
}
