package io.moniflux.observe;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.moniflux.delivery.DestinationRefusedException;
import io.moniflux.delivery.GuardedHttp;

/**
 * Watches a run's endpoints while it runs: each is scraped at the start of every interval of the
 * run's time, on a virtual thread of its own, and the values of a scrape are kept for the second it
 * began in until the run's ticker takes that second. A scrape that has not come back when its second
 * closes misses that second; a failed one is counted, and the run goes on.
 */
public final class Observer implements AutoCloseable {

    /** Largest page read; a bigger one is a failed scrape. */
    static final int MAX_PAGE_BYTES = 16 * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(Observer.class);
    private static final String ACCEPT = "text/plain;version=0.0.4;q=1,application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.1";
    private static final long SECOND = 1_000_000_000L;

    /** Fetches a page: over the guarded HTTP client in the service, a fixed page in a test. */
    @FunctionalInterface
    public interface Pages {
        String fetch(ObservePlan plan, Duration timeout) throws IOException;
    }

    private final List<TargetWatch> watches = new ArrayList<>();
    private final Pages pages;
    private final LongSupplier nanoTime;
    private final long start;
    private final String key;
    private final ConcurrentNavigableMap<Long, Map<String, List<ObservedValue>>> bySecond = new ConcurrentSkipListMap<>();
    private volatile boolean closed;

    /**
     * @param start the run's start on {@code nanoTime}'s scale: scrapes fall on its seconds
     * @param key   the run part, for the log
     */
    public Observer(List<ObservePlan> plans, Pages pages, LongSupplier nanoTime, long start, String key) {
        plans.forEach(plan -> watches.add(new TargetWatch(plan)));
        this.pages = pages;
        this.nanoTime = nanoTime;
        this.start = start;
        this.key = key;
    }

    /** Pages fetched over the guarded client: its address policy applies to every scrape. */
    public static Pages over(GuardedHttp http) {
        return (plan, timeout) -> {
            Map<String, String> headers = new LinkedHashMap<>(plan.headers());
            if (headers.keySet().stream().noneMatch("accept"::equalsIgnoreCase)) {
                headers.put("Accept", ACCEPT);
            }
            GuardedHttp.Answer answer = http.call(GuardedHttp.Call.get(plan.url(), headers, null, timeout));
            if (!answer.success()) {
                throw new IOException("HTTP " + answer.status());
            }
            if (answer.body().length > MAX_PAGE_BYTES) {
                throw new IOException("a page of " + answer.body().length + " bytes, over " + MAX_PAGE_BYTES);
            }
            return answer.text();
        };
    }

    public boolean isEmpty() {
        return watches.isEmpty();
    }

    /** Starts scraping every endpoint. */
    public void begin() {
        for (TargetWatch watch : watches) {
            Thread.ofVirtual().name("moniflux-observe-" + watch.plan().name()).start(() -> watch(watch));
        }
    }

    /** The values of the scrapes that began in {@code second}; earlier seconds not taken are dropped. */
    public List<ObservedValue> take(long second) {
        Map<String, List<ObservedValue>> byTarget = bySecond.get(second);
        bySecond.headMap(second, true).clear();
        if (byTarget == null) {
            return List.of();
        }
        List<ObservedValue> values = new ArrayList<>();
        watches.forEach(watch -> values.addAll(byTarget.getOrDefault(watch.plan().name(), List.of())));
        return values;
    }

    /** How each endpoint's scrapes went. */
    public List<TargetStatus> status() {
        return watches.stream().map(TargetWatch::status).toList();
    }

    /** Stops scraping; a scrape under way ends on its own and is not kept. */
    @Override
    public void close() {
        closed = true;
    }

    private void watch(TargetWatch watch) {
        long interval = watch.plan().interval().toNanos();
        Duration timeout = Duration.ofNanos(Math.clamp(interval, SECOND, 10 * SECOND));
        // the first scrape at once (or at the start of a run that starts later): a counter's baseline
        long slot = Math.max(0, Math.floorDiv(nanoTime.getAsLong() - start, interval));
        while (!closed) {
            long wait = start + slot * interval - nanoTime.getAsLong();
            if (wait > 0 && (slot > 0 || nanoTime.getAsLong() < start)) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            if (closed) {
                return;
            }
            long at = nanoTime.getAsLong();
            List<ObservedValue> values = scrape(watch, timeout);
            if (!closed) {
                bySecond.computeIfAbsent((at - start) / SECOND, s -> new ConcurrentHashMap<>())
                        .put(watch.plan().name(), values);
            }
            slot = Math.max(slot + 1, Math.ceilDiv(nanoTime.getAsLong() - start, interval)); // a slow scrape skips slots
        }
    }

    private List<ObservedValue> scrape(TargetWatch watch, Duration timeout) {
        long at = nanoTime.getAsLong();
        String page;
        try {
            page = pages.fetch(watch.plan(), timeout);
        } catch (DestinationRefusedException e) {
            return watch.unreachable("refused by the destination policy: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.debug("{}: scrape of {} failed: {}", key, watch.plan().url(), e.toString());
            return watch.unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return watch.read(page, at);
    }
}
