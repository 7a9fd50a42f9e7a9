package io.moniflux.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.moniflux.delivery.Channel;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.results.MissCause;
import io.moniflux.results.RateChange;
import io.moniflux.results.SignalRecorder;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.Generator;
import io.moniflux.telemetry.MetricEvent;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.Signal;
import io.moniflux.telemetry.TelemetryEvent;

/**
 * Paces one signal of a run part, open loop: batch after batch goes out at the time the schedule
 * says, whatever happened to earlier requests.
 *
 * <p>Sending is done by workers on virtual threads, each holding one of the stream's in-flight permits,
 * so at most that many requests are in flight. One worker at a time leads: it waits for the next
 * slot, claims it, builds its batch, hands the lead to an idle worker (or starts one, while permits
 * last) and then sends the batch itself. At full load a worker that finishes a send simply takes the
 * lead: no thread is started and no hand-off is made per request. When a slot's time has passed by
 * more than the allowed lag — every worker was busy, the destination cannot keep up — its events are
 * counted as missed, never queued, so memory stays flat and the results say what the destination
 * could really take.
 */
final class SignalStream {

    private static final Logger log = LoggerFactory.getLogger(SignalStream.class);
    private static final long IDLE_WORKER_EXIT_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long SECOND = 1_000_000_000L;

    /** Receives the latency of every request, for the service's own metrics. */
    interface RequestListener {
        void completed(DeliveryResult result, long latencyNanos);
    }

    private record Slot(Batch<TelemetryEvent> batch, long intended) {
    }

    /**
     * Requests in flight by the second their events were due in, over a window of seconds: a second
     * closes once none of its requests is still waiting for an answer (or past the lag bound). Seconds
     * further apart than the window share a counter, which can only keep a second open longer.
     */
    private static final int IN_FLIGHT_SECONDS = 64;
    private final AtomicIntegerArray inFlight = new AtomicIntegerArray(IN_FLIGHT_SECONDS);

    private final Signal signal;
    private final int batchSize;
    private final Generator<?> generator;
    private final Channel channel;
    private final Semaphore permits;
    private final SignalRecorder recorder;
    private final Executor workerStarter;
    private final Pacing pacing;
    private final long start;
    private final long durationNanos;
    private final long maxLagNanos;
    private final long wallStartEpochNanos;
    private final RunMarker marker;
    private final int workers;
    private final RequestListener listener;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition followers = lock.newCondition();
    private boolean leading;
    private int idle;
    private int live;
    private int sending;
    private boolean over;
    private volatile Thread leader;
    /*
     * Who held the pacer back, for the misses: time with the lead held (generating) against time with the
     * lead vacant because every worker was waiting for the destination. Written only by the lead's holder.
     */
    private long heldSince;
    private long heldNanos;
    private long vacantSince = -1;
    private long vacantNanos;
    private long heldAtLastMiss;
    private long vacantAtLastMiss;
    /** When the next event of the stream is due (run time), for closing seconds once the pacer is past them. */
    private volatile long cursor;

    private volatile RateSchedule schedule;
    private final List<RateChange> changes = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;
    private long next;
    private final long firstEvent;
    private volatile long sendUntil = Long.MAX_VALUE;

    /** What a stream sends: its signal, its rate over time (with earlier owners' changes), events per request, the events. */
    record Load(Signal signal, RateSchedule schedule, List<RateChange> changes, int batchSize, Generator<?> generator) {
    }

    /** Where its batches go, how many may be in flight, what starts workers, and who hears of each answer. */
    record Sending(Channel channel, Semaphore permits, Executor workerStarter, SignalRecorder recorder,
            RequestListener listener) {
    }

    /** Its time: the pacer's clock, the run's start on it and on the wall clock, its duration and lag bound. */
    record Timing(Pacing pacing, long start, long wallStartEpochNanos, long durationNanos, long maxLagNanos) {
    }

    /** How its events are numbered: the run marker, the run's parts (their seq interleave), the first event to send. */
    record Numbering(RunMarker marker, int workers, long firstEvent) {
    }

    SignalStream(Load load, Sending sending, Timing timing, Numbering numbering) {
        this.signal = load.signal();
        this.schedule = load.schedule();
        this.changes.addAll(load.changes());
        this.batchSize = load.batchSize();
        this.generator = load.generator();
        this.channel = sending.channel();
        this.permits = sending.permits();
        this.workerStarter = sending.workerStarter();
        this.recorder = sending.recorder();
        this.listener = sending.listener();
        this.pacing = timing.pacing();
        this.start = timing.start();
        this.wallStartEpochNanos = timing.wallStartEpochNanos();
        this.durationNanos = timing.durationNanos();
        this.maxLagNanos = timing.maxLagNanos();
        this.marker = numbering.marker();
        this.workers = numbering.workers();
        this.next = numbering.firstEvent();
        this.firstEvent = numbering.firstEvent();
    }

    Signal signal() {
        return signal;
    }

    SignalRecorder recorder() {
        return recorder;
    }

    /** Completes when the stream has ended and every worker has finished its last send. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    /** Starts the first worker and returns at once; {@link #finished()} says when the stream is over. */
    void begin() {
        lock.lock();
        try {
            live++;
        } finally {
            lock.unlock();
        }
        workerStarter.execute(() -> work(false));
    }

    /** Runs one worker on the calling thread until the stream ends (tests drive streams this way). */
    void runInline() {
        lock.lock();
        try {
            live++;
        } finally {
            lock.unlock();
        }
        work(false);
    }

    private void work(boolean holdsPermit) {
        boolean permit = holdsPermit;
        try {
            if (!permit) {
                permit = acquireFirstPermit();
            }
            if (permit) {
                Slot slot;
                while ((slot = lead()) != null) {
                    send(slot);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("A worker of {} in {} failed", signal.key(), marker.runID(), e);
            stop();
        } finally {
            if (permit) {
                permits.release();
            }
            lock.lock();
            try {
                live--;
                if (live == 0) {
                    over = true;
                    finished.complete(null);
                }
                followers.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The first worker takes a permit of the stream's own in-flight budget, which is then full. */
    private boolean acquireFirstPermit() {
        return permits.tryAcquire();
    }

    /**
     * Waits to lead, then for the next slot; returns it with its batch built, having handed the lead on.
     * Null when the stream is over for this worker.
     */
    private Slot lead() throws InterruptedException {
        lock.lock();
        try {
            while (leading && !over && !stopped) {
                idle++;
                try {
                    long waited = followers.awaitNanos(IDLE_WORKER_EXIT_NANOS);
                    if (waited <= 0 && leading && live > 1) {
                        return null; // a quiet stream needs fewer workers
                    }
                } finally {
                    idle--;
                }
            }
            if (over || stopped) {
                return null;
            }
            leading = true;
            leader = Thread.currentThread();
            long taken = pacing.nanoTime();
            if (vacantSince >= 0) {
                vacantNanos += taken - vacantSince;
                vacantSince = -1;
            }
            heldSince = taken;
        } finally {
            lock.unlock();
        }
        Slot slot = null;
        try {
            slot = claim();
            return slot;
        } finally {
            leader = null;
            lock.lock();
            try {
                leading = false;
                long released = pacing.nanoTime();
                heldNanos += released - heldSince;
                if (slot == null) {
                    over = true;
                    followers.signalAll();
                } else if (idle > 0) {
                    followers.signal();
                } else if (!stopped && permits.tryAcquire()) {
                    live++;
                    startWorker();
                } else {
                    vacantSince = released; // every worker is sending: the next slot waits for the destination
                }
                if (slot != null) {
                    sending++;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void startWorker() {
        try {
            workerStarter.execute(() -> work(true));
        } catch (RuntimeException e) {
            live--;
            permits.release();
            log.warn("Could not start another worker for {} in {}", signal.key(), marker.runID(), e);
        }
    }

    /** As the leader: waits for the next slot and builds its batch; null when nothing more is due. */
    private Slot claim() {
        while (!stopped) {
            RateSchedule current = schedule;
            long total = current.eventsDueBefore(durationNanos);
            long clock = pacing.nanoTime();
            if (clock > sendUntil) {
                return null; // its lease could not be renewed in time: another replica may be taking over
            }
            long now = clock - start;
            if (next >= total) {
                cursor = durationNanos;
                if (now >= durationNanos) {
                    return null;
                }
                pacing.parkUntil(start + durationNanos); // until the end, or a rate change
                continue;
            }
            long due = current.dueTime(next);
            cursor = due;
            if (due > now) {
                pacing.parkUntil(start + due);
                continue;
            }
            if (now - due > maxLagNanos) {
                // the slots beyond the lag bound are missed; the first within it is sent now, without looking at
                // the clock again: at a rate past what can be generated, the bound is crossed again by the next
                // nanosecond, and re-checking would skip forever
                long caughtUp = Math.min(total, Math.max(next + 1, current.eventsDueBefore(now - maxLagNanos)));
                missed(current, next, caughtUp, cause(now));
                next = caughtUp;
                if (next >= total) {
                    continue;
                }
                due = current.dueTime(next);
                cursor = due;
            }
            int count = (int) Math.min(batchSize, total - next);
            long first = next;
            next += count;
            List<TelemetryEvent> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                // each event carries its own intended time: a batch may hold a series more than once, and
                // backends refuse (Prometheus) or overwrite (InfluxDB) two samples of a series at one instant
                long stamp = wallStartEpochNanos + (i == 0 ? due : current.dueTime(first + i));
                events.add(generator.next((first + i) * workers + marker.part(), stamp));
            }
            recorder.attempted(count, due / SECOND);
            inFlight.incrementAndGet((int) ((due / SECOND) & (IN_FLIGHT_SECONDS - 1)));
            cursor = next < total ? current.dueTime(next) : durationNanos;
            return new Slot(new Batch<>(signal, marker, events), start + due);
        }
        return null;
    }

    /**
     * Why the pacer fell behind since the last misses: the destination when, for most of that time, every
     * worker was waiting for it and none could lead; MoniFlux itself when the lead was held, generating.
     */
    private MissCause cause(long now) {
        long held = heldNanos + (now + start - heldSince) - heldAtLastMiss;
        long vacant = vacantNanos - vacantAtLastMiss;
        heldAtLastMiss = heldNanos + (now + start - heldSince);
        vacantAtLastMiss = vacantNanos;
        return vacant > held ? MissCause.DESTINATION : MissCause.GENERATOR;
    }

    /** Counts events {@code from} .. {@code to}-1 as missed, each in the second it was due. */
    private void missed(RateSchedule current, long from, long to, MissCause cause) {
        long at = from;
        while (at < to) {
            long second = current.dueTime(at) / SECOND;
            long endOfSecond = Math.min(to, current.eventsDueBefore((second + 1) * SECOND));
            long upTo = Math.max(at + 1, endOfSecond);
            recorder.missed(upTo - at, second, cause);
            at = upTo;
        }
    }

    /**
     * Run time up to which every event of the stream has been answered or missed: a second before it can
     * be closed with all of its events counted. {@code fromSecond} is the first second not closed yet.
     */
    long settledUntil(long fromSecond) {
        if (stopped && inFlightFrom(fromSecond, durationNanos / SECOND + 1) < 0) {
            return Long.MAX_VALUE;
        }
        long claimed = stopped ? durationNanos : cursor;
        long open = inFlightFrom(fromSecond, claimed / SECOND);
        return open < 0 ? claimed : Math.min(claimed, open * SECOND);
    }

    /** The first second from {@code from} to {@code to} with a request in flight, or -1. */
    private long inFlightFrom(long from, long to) {
        for (long second = from; second <= to && second < from + IN_FLIGHT_SECONDS; second++) {
            if (inFlight.get((int) (second & (IN_FLIGHT_SECONDS - 1))) > 0) {
                return second;
            }
        }
        return -1;
    }

    /**
     * The series values of the points a destination accepted. A partial answer does not say which
     * points it took, so they count at the batch's mean.
     */
    private long acceptedSamples(Batch<?> batch, DeliveryResult result) {
        if (signal != Signal.METRICS || result.accepted() <= 0) {
            return 0;
        }
        long total = 0;
        for (TelemetryEvent event : batch.events()) {
            if (event instanceof MetricEvent point) {
                total += channel.samples(point);
            }
        }
        return result.accepted() >= batch.size() ? total : Math.round((double) total * result.accepted() / batch.size());
    }

    private void send(Slot slot) {
        long sentAt = pacing.nanoTime();
        DeliveryResult result;
        try {
            result = channel.send(slot.batch());
        } catch (RuntimeException e) {
            log.warn("Sending {} of run {} failed unexpectedly", signal.key(), marker.runID(), e);
            result = DeliveryResult.failed(slot.batch().size(), 0, "internal-error", 0);
        }
        long end = pacing.nanoTime();
        long dueSecond = (slot.intended() - start) / SECOND;
        recorder.completed(dueSecond, result.accepted(), result.refused(), result.status(), result.errorClass(), result.bytes(),
                (end - slot.intended()) / 1000, (end - sentAt) / 1000, acceptedSamples(slot.batch(), result));
        // only once counted: a second that closed in between would send its answer on to the next one
        inFlight.decrementAndGet((int) (dueSecond & (IN_FLIGHT_SECONDS - 1)));
        listener.completed(result, end - slot.intended());
        lock.lock();
        try {
            sending--;
        } finally {
            lock.unlock();
        }
    }

    /** The rate from now on changes to {@code rate} events per second. */
    void changeRate(double rate) {
        long now = Math.max(0, pacing.nanoTime() - start);
        schedule = schedule.withRateFrom(now, rate);
        changes.add(new RateChange(now, rate));
        wakeLeader();
    }

    /** Every rate change of this stream, earlier owners' included, in order. */
    List<RateChange> changes() {
        return List.copyOf(changes);
    }

    /** A range of a stream's {@code seq}s: {@code from} .. {@code to}, stepping by the run's parts; {@code count} events. */
    record SeqRange(long from, long to, long count) {
    }

    /**
     * The {@code seq}s of this stream's events from the first it sends (where it took over) to the last
     * that a batch begun by {@code toNanos} into the run can hold; a count of 0 when none.
     */
    SeqRange seqsFromStartUntil(long toNanos) {
        long first = firstEvent;
        long total = schedule.eventsDueBefore(durationNanos);
        long end = Math.min(total, Math.max(first, schedule.eventsDueBefore(Math.min(toNanos, durationNanos) + 1) + batchSize - 1));
        return new SeqRange(first * workers + marker.part(), (end - 1) * workers + marker.part(), Math.max(0, end - first));
    }

    /** Sends no batch after {@code deadline} on the pacer's clock (its lease runs out, unless extended). */
    void sendUntil(long deadline) {
        sendUntil = deadline;
    }

    double rateAt(long elapsedNanos) {
        return schedule.rateAt(elapsedNanos);
    }

    /** Stops at once: nothing more is sent; sends in progress finish (or fail when the channel closes). */
    void stop() {
        stopped = true;
        wakeLeader();
        lock.lock();
        try {
            followers.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Requests in progress now. */
    int inFlight() {
        lock.lock();
        try {
            return sending;
        } finally {
            lock.unlock();
        }
    }

    private void wakeLeader() {
        Thread current = leader;
        if (current != null) {
            LockSupport.unpark(current);
        }
    }
}
