package io.moniflux.engine;

import java.util.concurrent.locks.LockSupport;

/**
 * Time as the pacer sees it: a monotonic clock and waiting until an instant. Tests replace it with a
 * clock that jumps, so pacing is tested without sleeping.
 */
interface Pacing {

    long nanoTime();

    /** Waits until {@code deadline} or until woken (stop, rate change); may return early. */
    void parkUntil(long deadline);

    Pacing SYSTEM = new Pacing() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkUntil(long deadline) {
            long wait = deadline - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    };
}
