package io.moniflux.watch;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import jakarta.annotation.PreDestroy;

/**
 * The open progress streams of this replica. Once a second each watched test's frame is read once,
 * whoever executes it, and sent to every stream watching it; a stream follows the run it first saw
 * and closes after that run's final frame. A slow client only delays its own stream: it skips frames
 * rather than holding the others back.
 */
@Component
public class ProgressStreams {

    private static final Logger log = LoggerFactory.getLogger(ProgressStreams.class);

    private final ProgressReader reader;
    private final WatchProperties properties;
    private final Map<String, Set<Subscription>> byTest = new ConcurrentHashMap<>();
    private final Set<String> reading = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;

    ProgressStreams(ProgressReader reader, WatchProperties properties) {
        this.reader = reader;
        this.properties = properties;
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("moniflux-progress").daemon().factory());
        long period = properties.interval().toMillis();
        ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** Opens a stream on a test the caller may see; its first frame is sent at once. */
    public SseEmitter open(String testID) {
        if (open() >= properties.maxStreams()) {
            throw new TooManyStreamsException(properties.maxStreams());
        }
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        Subscription subscription = new Subscription(testID, emitter);
        byTest.computeIfAbsent(testID, id -> ConcurrentHashMap.newKeySet()).add(subscription);
        emitter.onCompletion(() -> remove(subscription));
        emitter.onTimeout(() -> {
            remove(subscription);
            emitter.complete();
        });
        emitter.onError(failure -> remove(subscription));
        subscription.sending().set(true);
        Thread.ofVirtual().name("moniflux-progress-" + testID).start(() -> {
            try {
                reader.current(testID).ifPresentOrElse(frame -> deliver(subscription, frame), emitter::complete);
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
            } finally {
                subscription.sending().set(false);
            }
        });
        return emitter;
    }

    /** Streams open on this replica. */
    public int open() {
        return byTest.values().stream().mapToInt(Set::size).sum();
    }

    private void tick() {
        for (Map.Entry<String, Set<Subscription>> entry : byTest.entrySet()) {
            String testID = entry.getKey();
            if (entry.getValue().isEmpty() || !reading.add(testID)) {
                continue; // the last read of this test is still going
            }
            Thread.ofVirtual().name("moniflux-progress-" + testID).start(() -> {
                try {
                    Optional<ProgressFrame> frame = reader.current(testID);
                    for (Subscription subscription : List.copyOf(entry.getValue())) {
                        if (frame.isEmpty()) {
                            subscription.emitter().complete();
                        } else if (subscription.sending().compareAndSet(false, true)) {
                            Thread.ofVirtual().start(() -> {
                                try {
                                    deliver(subscription, frame.get());
                                } finally {
                                    subscription.sending().set(false);
                                }
                            });
                        }
                    }
                } catch (RuntimeException e) {
                    log.warn("Could not read the progress of {}; trying again in {}", testID, properties.interval(), e);
                } finally {
                    reading.remove(testID);
                }
            });
        }
    }

    /** Sends a frame, or — when the run the stream followed has ended meanwhile — that run's end. */
    private void deliver(Subscription subscription, ProgressFrame frame) {
        String followed = subscription.runID();
        ProgressFrame next = frame;
        if (followed != null && !followed.equals(frame.runID())) {
            next = reader.ended(subscription.testID(), followed).orElse(frame.isEnd() ? frame : null);
            if (next == null) {
                subscription.emitter().complete();
                return;
            }
        }
        if (next.runID() != null && next.kind() == ProgressFrame.Kind.progress) {
            subscription.follow(next.runID());
        }
        try {
            subscription.emitter().send(SseEmitter.event().name(next.kind().name())
                    .id(next.runID() == null ? next.kind().name() : next.runID() + ":" + (next.second() == null ? "" : next.second()))
                    .reconnectTime(2000).data(next, MediaType.APPLICATION_JSON));
            if (next.isEnd()) {
                subscription.emitter().complete();
            }
        } catch (IOException | IllegalStateException gone) {
            remove(subscription); // the client went away
        }
    }

    private void remove(Subscription subscription) {
        byTest.computeIfPresent(subscription.testID(), (id, subscriptions) -> {
            subscriptions.remove(subscription);
            return subscriptions.isEmpty() ? null : subscriptions;
        });
    }

    @PreDestroy
    void close() {
        ticker.shutdownNow();
        byTest.values().forEach(subscriptions -> subscriptions.forEach(s -> s.emitter().complete()));
        byTest.clear();
    }

    /** One open stream: the run it follows once it saw one, and whether a frame is being written to it. */
    private static final class Subscription {

        private final String testID;
        private final SseEmitter emitter;
        private final AtomicBoolean sending = new AtomicBoolean();
        private volatile String runID;

        Subscription(String testID, SseEmitter emitter) {
            this.testID = testID;
            this.emitter = emitter;
        }

        String testID() {
            return testID;
        }

        SseEmitter emitter() {
            return emitter;
        }

        AtomicBoolean sending() {
            return sending;
        }

        String runID() {
            return runID;
        }

        void follow(String run) {
            this.runID = run;
        }
    }
}
