package io.moniflux.watch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import jakarta.annotation.PreDestroy;

import io.moniflux.loadtest.LoadTest;
import io.moniflux.loadtest.RunSnapshot;
import io.moniflux.loadtest.RunSnapshots;
import io.moniflux.loadtest.TestQueries;
import io.moniflux.loadtest.TestStatus;
import io.moniflux.results.TimelinePoint;
import io.moniflux.results.TimelineStore;

/**
 * The open progress streams of this replica. A stream waits while its test has no run to show, then
 * follows one run second by second — a frame for every second the run's parts have reported, in
 * order — and after that run's last second sends its end and closes. It reads what the runs' owners
 * persist, so any replica serves any stream; streams watching the same test share each read.
 *
 * <p>Each stream has one writer: the request thread writes its first frame, which Spring sends as the
 * response starts, and then a virtual thread of its own writes the rest. No frame can race the
 * response's headers, and a slow client only holds back its own stream.
 */
@Component
public class ProgressStreams {

    private static final Logger log = LoggerFactory.getLogger(ProgressStreams.class);
    /** A stream waiting for its run hears this often that it waits. */
    private static final long WAITING_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * A stream whose run reported no new second for this long hears again how far it got (a healthy run
     * reports one a second, so this only happens while it starts, or when its owner stalls).
     */
    private static final long STALLED_NANOS = TimeUnit.MILLISECONDS.toNanos(1_800);

    private final TestQueries queries;
    private final RunSnapshots snapshots;
    private final TimelineStore timeline;
    private final ProgressFrames frames;
    private final WatchProperties properties;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final Map<String, Read> reads = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ProgressStreams(TestQueries queries, RunSnapshots snapshots, TimelineStore timeline, ProgressFrames frames,
            WatchProperties properties) {
        this.queries = queries;
        this.snapshots = snapshots;
        this.timeline = timeline;
        this.frames = frames;
        this.properties = properties;
    }

    /**
     * Opens a stream on a test the caller may see. Called on the request thread: the first frame is
     * written here, before the response has started, and goes out as it starts.
     */
    public SseEmitter open(String testID, String user) {
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        Stream stream = new Stream(testID, user, emitter);
        synchronized (streams) {
            if (streams.size() >= properties.maxStreams()) {
                throw new TooManyStreamsException(properties.maxStreams());
            }
            if (streams.stream().filter(open -> open.user.equals(user)).count() >= properties.maxUserStreams()) {
                throw TooManyStreamsException.ofUser(user, properties.maxUserStreams());
            }
            streams.add(stream); // counted from now on; removed below if it ends at its first frame
        }
        emitter.onCompletion(() -> stream.close());
        emitter.onTimeout(() -> {
            stream.close();
            emitter.complete();
        });
        emitter.onError(failure -> stream.close());
        if (step(stream)) {
            Thread.ofVirtual().name("moniflux-progress-" + testID).start(() -> follow(stream));
        } else {
            streams.remove(stream);
        }
        return emitter;
    }

    /** Streams open on this replica. */
    public int open() {
        return streams.size();
    }

    private void follow(Stream stream) {
        long period = properties.interval().toNanos();
        try {
            while (!stream.closed && !closed) {
                LockSupport.parkNanos(period - System.nanoTime() % period); // streams of one test read together
                if (stream.closed || closed || !step(stream)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("The progress stream of {} failed", stream.testID, e);
            stream.emitter.completeWithError(e);
        } finally {
            streams.remove(stream);
        }
    }

    /** Sends what is new to the stream; false once it is over (its run ended, its test is gone, the client left). */
    private boolean step(Stream stream) {
        try {
            if (stream.runID == null) {
                return waitForRun(stream);
            }
            return followRun(stream);
        } catch (IOException | IllegalStateException gone) {
            stream.close(); // the client went away
            return false;
        }
    }

    private boolean waitForRun(Stream stream) throws IOException {
        Optional<LoadTest> found = read("test:" + stream.testID, () -> queries.find(stream.testID));
        if (found.isEmpty()) {
            stream.emitter.complete();
            return false;
        }
        LoadTest test = found.get();
        Optional<RunSnapshot> current = test.currentRunId() == null ? Optional.empty() : snapshot(test.currentRunId());
        if (current.isPresent() && (test.status() == TestStatus.Running || current.get().ended())) {
            RunSnapshot run = current.get();
            stream.runID = run.run().runID();
            if (run.ended()) {
                return end(stream, run);
            }
            // a run already under way is followed from its latest second
            stream.nextSecond = run.lastSecond() == null ? 0 : run.lastSecond();
            return followRun(stream, run);
        }
        if (test.status() == TestStatus.Pending || test.status() == TestStatus.Scheduled || test.status() == TestStatus.Running) {
            // a Running test whose run is not written yet is being started
            return heartbeat(stream, WAITING_NANOS, () -> frames.waiting(test));
        }
        send(stream, frames.endWithoutRun(test));
        stream.emitter.complete();
        return false;
    }

    private boolean followRun(Stream stream) throws IOException {
        Optional<RunSnapshot> run = snapshot(stream.runID);
        if (run.isEmpty()) {
            stream.emitter.complete();
            return false;
        }
        return followRun(stream, run.get());
    }

    private boolean followRun(Stream stream, RunSnapshot run) throws IOException {
        if (run.ended()) {
            return end(stream, run);
        }
        NavigableMap<Long, Map<String, TimelinePoint>> seconds = run.recent().tailMap(stream.nextSecond, true);
        if (seconds.isEmpty()) {
            Map.Entry<Long, Map<String, TimelinePoint>> last = run.recent().lastEntry();
            return heartbeat(stream, last == null ? WAITING_NANOS : STALLED_NANOS, () -> last == null
                    ? frames.progress(run, null, null) : frames.progress(run, last.getKey(), last.getValue()));
        }
        for (Map.Entry<Long, Map<String, TimelinePoint>> second : seconds.entrySet()) {
            send(stream, frames.progress(run, second.getKey(), second.getValue()));
            stream.nextSecond = second.getKey() + 1;
        }
        return true;
    }

    /** The seconds the stream has not shown yet, up to the run's last one, then the run's end. */
    private boolean end(Stream stream, RunSnapshot run) throws IOException {
        if (stream.sentAny && run.lastSecond() != null) {
            for (Map.Entry<Long, Map<String, TimelinePoint>> second : unsent(stream, run).entrySet()) {
                send(stream, frames.progress(run, second.getKey(), second.getValue()));
            }
        }
        send(stream, frames.end(run));
        stream.emitter.complete();
        return false;
    }

    /** The seconds from the stream's next one to the run's last: from the parts' recent ones, or the timeline. */
    private Map<Long, Map<String, TimelinePoint>> unsent(Stream stream, RunSnapshot run) {
        if (!run.recent().isEmpty() && run.recent().firstKey() <= stream.nextSecond) {
            return run.recent().tailMap(stream.nextSecond, true);
        }
        Map<Long, Map<String, TimelinePoint>> seconds = new LinkedHashMap<>();
        for (TimelinePoint point : timeline.since(run.run().runID(), stream.nextSecond).points()) {
            if (point.second() <= run.lastSecond()) {
                seconds.computeIfAbsent(point.second(), second -> new LinkedHashMap<>()).put(point.signal(), point);
            }
        }
        return seconds;
    }

    /** A frame when nothing new came for {@code quiet}, so that the client knows the stream is alive. */
    private boolean heartbeat(Stream stream, long quiet, Supplier<ProgressFrame> frame) throws IOException {
        if (!stream.sentAny || System.nanoTime() - stream.lastSentNanos >= quiet - properties.interval().toNanos() / 2) {
            send(stream, frame.get());
        }
        return true;
    }

    private Optional<RunSnapshot> snapshot(String runID) {
        return read("run:" + runID, () -> queries.run(runID).map(snapshots::of));
    }

    private void send(Stream stream, ProgressFrame frame) throws IOException {
        String id = frame.runID() == null ? frame.kind().name()
                : frame.runID() + ":" + (frame.second() == null ? "" : frame.second()) + (frame.isEnd() ? ":end" : "");
        stream.emitter.send(SseEmitter.event().name(frame.kind().name()).id(id).reconnectTime(2000)
                .data(frame, MediaType.APPLICATION_JSON));
        stream.sentAny = true;
        stream.lastSentNanos = System.nanoTime();
    }

    /**
     * What streams read, shared for half an interval: streams of one test wake together, and one of them
     * reads for all.
     */
    @SuppressWarnings("unchecked")
    private <T> T read(String key, Supplier<T> reader) {
        long now = System.nanoTime();
        long fresh = properties.interval().toNanos() / 2;
        Read cached = reads.get(key);
        if (cached != null && now - cached.at < fresh) {
            return (T) cached.value;
        }
        T value = reader.get();
        reads.put(key, new Read(now, value));
        if (reads.size() > 4 * Math.max(16, streams.size())) {
            reads.values().removeIf(read -> now - read.at > fresh);
        }
        return value;
    }

    private record Read(long at, Object value) {
    }

    @PreDestroy
    void close() {
        closed = true;
        List<Stream> all = new ArrayList<>(streams);
        all.forEach(stream -> stream.emitter.complete());
        streams.clear();
    }

    /** One open stream: the run it follows once it saw one, and the next second it has to show. */
    private static final class Stream {

        final String testID;
        final String user;
        final SseEmitter emitter;
        volatile boolean closed;
        String runID;
        long nextSecond;
        boolean sentAny;
        long lastSentNanos;

        Stream(String testID, String user, SseEmitter emitter) {
            this.testID = testID;
            this.user = user;
            this.emitter = emitter;
        }

        void close() {
            closed = true;
        }
    }
}
