package io.moniflux.delivery.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Enforces request timeouts by closing the connections of requests that are overdue. A socket read
 * timeout would do the same, but on a virtual thread it arms and cancels a timer for every read,
 * which at tens of thousands of requests a second costs more than one scan every 50 ms.
 */
final class RequestWatchdog {

    /** A request in progress that the watchdog may cut off. */
    interface Watched {
        /** Nanotime after which the request is overdue; 0 while idle. */
        long deadline();

        /** Closes the connection of the overdue request, so that its blocked read fails. */
        void expire();
    }

    static final RequestWatchdog SHARED = new RequestWatchdog(50);

    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();

    RequestWatchdog(long periodMillis) {
        ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("moniflux-request-watchdog").daemon(true).factory());
        scanner.scheduleWithFixedDelay(this::scan, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void watch(Watched request) {
        watched.add(request);
    }

    void forget(Watched request) {
        watched.remove(request);
    }

    private void scan() {
        long now = System.nanoTime();
        for (Watched request : watched) {
            long deadline = request.deadline();
            if (deadline != 0 && now - deadline > 0) {
                request.expire();
            }
        }
    }
}
