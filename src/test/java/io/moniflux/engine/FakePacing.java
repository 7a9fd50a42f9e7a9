package io.moniflux.engine;

import java.util.function.LongConsumer;

/** A clock that jumps to wherever the pacer wants to wait until: pacing tested without sleeping. */
final class FakePacing implements Pacing {

    long now;
    /** How far the clock moves each time it is read, as a real one does between two reads. */
    long perRead;
    LongConsumer onAdvance = t -> { };

    @Override
    public long nanoTime() {
        now += perRead;
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
