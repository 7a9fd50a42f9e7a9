package io.moniflux.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.moniflux.delivery.Channel;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.results.SignalRecorder;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.Generator;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.Signal;

/**
 * Paces one signal of a run part, open loop: batch after batch is sent at the time the schedule says,
 * whatever happened to earlier requests. Sends run concurrently, at most as many as the part's
 * in-flight permits allow. When a slot's time has passed by more than the allowed lag — the
 * destination (or this machine) cannot keep up — its events are counted as missed, never queued, so
 * memory stays flat and the results say what the destination could really take.
 */
final class SignalStream implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(SignalStream.class);

    /** Receives the latency of every request, for the service's own metrics. */
    interface RequestListener {
        void completed(Signal signal, DeliveryResult result, long latencyNanos);
    }

    private final Signal signal;
    private final int batchSize;
    private final Generator<?> generator;
    private final Channel channel;
    private final Semaphore permits;
    private final SignalRecorder recorder;
    private final Executor sender;
    private final Pacing pacing;
    private final long start;
    private final long durationNanos;
    private final long maxLagNanos;
    private final long wallStartEpochNanos;
    private final RunMarker marker;
    private final int workers;
    private final RequestListener listener;
    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile RateSchedule schedule;
    private volatile boolean stopped;
    private volatile Thread thread;
    private long next;

    SignalStream(Signal signal, RateSchedule schedule, int batchSize, Generator<?> generator, Channel channel,
            Semaphore permits, SignalRecorder recorder, Executor sender, Pacing pacing, long start, long durationNanos,
            long maxLagNanos, long wallStartEpochNanos, RunMarker marker, int workers, long firstEvent,
            RequestListener listener) {
        this.signal = signal;
        this.schedule = schedule;
        this.batchSize = batchSize;
        this.generator = generator;
        this.channel = channel;
        this.permits = permits;
        this.recorder = recorder;
        this.sender = sender;
        this.pacing = pacing;
        this.start = start;
        this.durationNanos = durationNanos;
        this.maxLagNanos = maxLagNanos;
        this.wallStartEpochNanos = wallStartEpochNanos;
        this.marker = marker;
        this.workers = workers;
        this.next = firstEvent;
        this.listener = listener;
    }

    Signal signal() {
        return signal;
    }

    SignalRecorder recorder() {
        return recorder;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            while (!stopped) {
                RateSchedule current = schedule;
                long total = current.eventsDueBefore(durationNanos);
                long now = pacing.nanoTime() - start;
                if (next >= total) {
                    if (now >= durationNanos) {
                        break;
                    }
                    pacing.parkUntil(start + durationNanos); // until the end, or a rate change
                    continue;
                }
                long due = current.dueTime(next);
                if (due > now) {
                    pacing.parkUntil(start + due);
                    continue;
                }
                if (now - due > maxLagNanos) {
                    long caughtUp = Math.min(total, Math.max(next + 1, current.eventsDueBefore(now - maxLagNanos)));
                    recorder.missed(caughtUp - next);
                    next = caughtUp;
                    continue;
                }
                int count = (int) Math.min(batchSize, total - next);
                if (!pacing.acquire(permits, start + due + maxLagNanos)) {
                    if (stopped) {
                        break;
                    }
                    recorder.missed(count);
                    next += count;
                    continue;
                }
                dispatch(next, count, due);
                next += count;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(long first, int count, long due) {
        List<Object> events = new ArrayList<>(count);
        long stamp = wallStartEpochNanos + due;
        for (int i = 0; i < count; i++) {
            events.add(generator.next((first + i) * workers + marker.part(), stamp));
        }
        Batch<Object> batch = new Batch<>(signal, marker, events);
        long intended = start + due;
        recorder.attempted(count);
        inFlight.incrementAndGet();
        try {
            sender.execute(() -> send(batch, intended));
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            permits.release();
            recorder.completed(0, count, 0, "internal-error", 0, 0, 0);
            log.error("Could not start a send of {} for run {}", signal.key(), marker.runID(), e);
        }
    }

    private void send(Batch<Object> batch, long intended) {
        long sentAt = pacing.nanoTime();
        DeliveryResult result;
        try {
            result = channel.send(batch);
        } catch (RuntimeException e) {
            log.warn("Sending {} of run {} failed unexpectedly", signal.key(), marker.runID(), e);
            result = DeliveryResult.failed(batch.size(), 0, "internal-error", 0);
        } finally {
            permits.release();
        }
        long end = pacing.nanoTime();
        recorder.completed(result.accepted(), result.refused(), result.status(), result.errorClass(), result.bytes(),
                (end - intended) / 1000, (end - sentAt) / 1000);
        listener.completed(signal, result, end - intended);
        inFlight.decrementAndGet();
    }

    /** The rate from now on changes to {@code rate} events per second. */
    void changeRate(double rate) {
        long now = pacing.nanoTime() - start;
        schedule = schedule.withRateFrom(Math.max(0, now), rate);
        wake();
    }

    double rateAt(long elapsedNanos) {
        return schedule.rateAt(elapsedNanos);
    }

    void stop() {
        stopped = true;
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    private void wake() {
        Thread running = thread;
        if (running != null) {
            LockSupport.unpark(running);
        }
    }
}
