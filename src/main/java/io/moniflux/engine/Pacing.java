package io.moniflux.engine;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Time as the pacer sees it: a monotonic clock, waiting until an instant, and waiting for an in-flight
 * permit until an instant. Tests replace it with a clock that jumps, so pacing is tested without
 * sleeping.
 */
interface Pacing {

    long nanoTime();

    /** Waits until {@code deadline} or until woken (stop, rate change); may return early. */
    void parkUntil(long deadline);

    /** Takes a permit, waiting until {@code deadline} at most; false when none came in time. */
    boolean acquire(Semaphore permits, long deadline) throws InterruptedException;

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

        @Override
        public boolean acquire(Semaphore permits, long deadline) throws InterruptedException {
            return permits.tryAcquire() || permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    };
}
