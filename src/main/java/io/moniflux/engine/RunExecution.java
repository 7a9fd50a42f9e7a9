package io.moniflux.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.moniflux.delivery.Channel;
import io.moniflux.observe.ObservedValue;
import io.moniflux.observe.Observer;
import io.moniflux.results.CapacityResult;
import io.moniflux.results.EndReason;
import io.moniflux.results.RateChange;
import io.moniflux.results.Replay;
import io.moniflux.results.RunResults;
import io.moniflux.results.SignalResults;
import io.moniflux.results.ThresholdMonitor;
import io.moniflux.results.TimelinePoint;
import io.moniflux.telemetry.Signal;

/**
 * One run part executing on this replica: its signal streams, their results and timeline, and the
 * controls a running test has (stop, change rates).
 */
public final class RunExecution {

    private static final Logger log = LoggerFactory.getLogger(RunExecution.class);
    private static final long SECOND = 1_000_000_000L;

    private final RunPlan plan;
    private final List<SignalStream> streams;
    private final List<Channel> channels;
    private final Pacing pacing;
    private final long start;
    private final long durationNanos;
    private final Duration drainLimit;
    private final Duration stopGrace;
    private final ConcurrentLinkedQueue<TimelinePoint> timeline = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<ExecutionOutcome> completion = new CompletableFuture<>();
    private final EngineMetrics metrics;
    private final ThresholdMonitor thresholds;
    private final CapacitySearch capacity;
    /** Closed seconds kept for the live views, per signal. */
    static final int RECENT_SECONDS = 5;

    private final ArrayDeque<TimelinePoint> recent = new ArrayDeque<>();
    private volatile EndReason stopReason;
    private volatile ScheduledFuture<?> ticker;
    private volatile long leaseDeadline = Long.MAX_VALUE;
    private long nextTickSecond;
    private final long maxLagNanos;
    private final DoubleSupplier cores;
    private final Observer observer;

    RunExecution(RunPlan plan, List<SignalStream> streams, List<Channel> channels, Pacing pacing, long start,
            Duration drainLimit, Duration stopGrace, long maxLagNanos, EngineMetrics metrics, DoubleSupplier cores,
            Observer observer) {
        this.plan = plan;
        this.observer = observer;
        this.maxLagNanos = maxLagNanos;
        this.cores = cores;
        this.streams = List.copyOf(streams);
        this.channels = List.copyOf(channels);
        this.pacing = pacing;
        this.start = start;
        this.durationNanos = plan.duration().toNanos();
        this.drainLimit = drainLimit;
        this.stopGrace = stopGrace;
        this.metrics = metrics;
        this.nextTickSecond = Math.max(0, plan.alreadyRun().toSeconds());
        // a capacity search judges its steps against the thresholds itself; they do not abort it
        this.capacity = plan.capacity() == null ? null
                : new CapacitySearch(plan.capacity(), plan.thresholds(), plan.destination().type(), nextTickSecond);
        this.thresholds = new ThresholdMonitor(capacity == null ? plan.thresholds() : List.of());
        if (capacity != null && plan.capacitySoFar() != null) {
            capacity.resume(plan.capacitySoFar());
            log.info("{}: carrying on the capacity search after {} step(s), at {} {}/s", plan.key(),
                    plan.capacitySoFar().steps().size(), capacity.rate(), plan.capacity().signal().key());
            this.streams.stream().filter(s -> s.signal() == plan.capacity().signal()).forEach(s -> s.changeRate(capacity.rate()));
        }
    }

    public RunPlan plan() {
        return plan;
    }

    public String key() {
        return plan.key();
    }

    /** Completes when every stream has ended and its requests in flight have been answered or closed. */
    public CompletableFuture<ExecutionOutcome> completion() {
        return completion;
    }

    /** Of the run's duration, how much has elapsed, including what earlier owners of this part ran. */
    public Duration elapsed() {
        return Duration.ofNanos(Math.clamp(pacing.nanoTime() - start, 0, durationNanos));
    }

    /** Everything recorded so far by this execution. */
    public RunResults results() {
        Map<String, SignalResults> signals = new TreeMap<>();
        for (SignalStream stream : streams) {
            signals.put(stream.signal().key(), stream.recorder().results());
        }
        CapacityResult search;
        synchronized (this) {
            search = capacity == null ? null : capacity.result(completion.isDone());
        }
        return new RunResults(signals, thresholds.results(), search, observer.status());
    }

    /** The per-second points recorded since the last call. */
    public List<TimelinePoint> drainTimeline() {
        List<TimelinePoint> points = new ArrayList<>();
        TimelinePoint point;
        while ((point = timeline.poll()) != null) {
            points.add(point);
        }
        return points;
    }

    /** The last closed seconds of every signal, oldest first. */
    public synchronized List<TimelinePoint> recentSeconds() {
        return List.copyOf(recent);
    }

    /** The current target rate of each signal of this part. */
    public Map<Signal, Double> currentRates() {
        Map<Signal, Double> rates = new EnumMap<>(Signal.class);
        long now = Math.max(0, pacing.nanoTime() - start);
        for (SignalStream stream : streams) {
            rates.put(stream.signal(), stream.rateAt(now));
        }
        return rates;
    }

    /** The rate changes of each signal so far (live changes, capacity steps), earlier owners' included. */
    public Map<String, List<RateChange>> rateChanges() {
        Map<String, List<RateChange>> changes = new TreeMap<>();
        for (SignalStream stream : streams) {
            List<RateChange> list = stream.changes();
            if (!list.isEmpty()) {
                changes.put(stream.signal().key(), list);
            }
        }
        return changes;
    }

    /** The signals this part generates. */
    public List<Signal> signals() {
        return streams.stream().map(SignalStream::signal).toList();
    }

    /**
     * Changes the rates of this part from now on (events per second for this part); a signal the part
     * does not generate is ignored.
     */
    public void changeRates(Map<Signal, Double> rates) {
        for (SignalStream stream : streams) {
            Double rate = rates.get(stream.signal());
            if (rate != null) {
                stream.changeRate(rate);
            }
        }
        log.info("Run {} part {}: rates changed to {}", plan.marker().runID(), plan.marker().part(), rates);
    }

    /**
     * What an earlier owner of this part may have sent that this execution sends again: the events from
     * where it resumed up to those due {@code window} later. An owner stops sending once it could not
     * renew its lease for the renew deadline, so that deadline bounds the window.
     */
    public List<Replay> replayedFrom(String previousOwner, Duration window) {
        long from = Math.max(0, plan.alreadyRun().toNanos());
        long to = Math.min(durationNanos, from + window.toNanos());
        List<Replay> replays = new ArrayList<>();
        for (SignalStream stream : streams) {
            SignalStream.SeqRange seqs = stream.seqsFromStartUntil(to);
            if (seqs.count() > 0) {
                replays.add(new Replay(plan.marker().part(), stream.signal().key(), previousOwner, from / 1e9, to / 1e9, seqs.from(),
                        seqs.to(), seqs.count()));
            }
        }
        return replays;
    }

    /**
     * Lets this execution send only for {@code time} more unless extended: an owner that cannot renew its
     * lease (cut off from the database) must stop before another replica takes the part over, whatever
     * else of the replica is stuck (a write blocked on a dead connection included). The execution's own
     * ticker enforces it.
     */
    public void sendOnlyFor(Duration time) {
        long deadline = pacing.nanoTime() + time.toNanos();
        leaseDeadline = deadline;
        streams.forEach(stream -> stream.sendUntil(deadline)); // checked before every batch
    }

    /** Stops every stream at once; requests in flight get a short grace, then their connections close. */
    public void stop(EndReason reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
        streams.forEach(SignalStream::stop);
    }

    public boolean isStopping() {
        return stopReason != null;
    }

    void begin(ScheduledExecutorService scheduler) {
        streams.forEach(SignalStream::begin);
        observer.begin();
        long elapsed = Math.max(0, pacing.nanoTime() - start);
        long firstTick = (elapsed / SECOND + 1) * SECOND - elapsed;
        // four times a second: a second closes as soon as it elapsed and its events are all counted
        ticker = scheduler.scheduleAtFixedRate(this::tick, firstTick, SECOND / 4, TimeUnit.NANOSECONDS);
        Thread.ofVirtual().name("moniflux-" + plan.key() + "-end").start(this::awaitEnd);
    }

    /**
     * Closes the seconds that have fully elapsed and whose events have all been attempted or missed, and
     * records their timeline points. A pacer that lags (the destination or the generator cannot keep up)
     * still has events of a past second to send or miss, for at most the lag bound: its second closes
     * once they are counted, so that no second shows more than was due in it.
     */
    synchronized void tick() {
        long now = pacing.nanoTime();
        if (now > leaseDeadline && stopReason == null) {
            log.warn("{}: its lease could not be renewed in time; stopping it here so that it does not run beside the "
                    + "replica that takes it over", plan.key());
            stop(EndReason.LEASE_LOST);
        }
        long elapsed = Math.max(0, now - start);
        long settled = streams.stream().mapToLong(stream -> stream.settledUntil(nextTickSecond)).min().orElse(Long.MAX_VALUE);
        // the run's last second stays open until the end, so that answers still arriving count in it
        while ((nextTickSecond + 1) * SECOND <= elapsed && (nextTickSecond + 1) * SECOND < durationNanos
                && ((nextTickSecond + 1) * SECOND <= settled || elapsed >= (nextTickSecond + 1) * SECOND + maxLagNanos)) {
            closeSecond(nextTickSecond++);
        }
    }

    private void closeSecond(long second) {
        long middle = Math.min(durationNanos - 1, second * SECOND + SECOND / 2);
        boolean judging = !thresholds.isEmpty() || capacity != null;
        Map<String, ThresholdMonitor.Sample> samples = judging ? new TreeMap<>() : Map.of();
        List<ObservedValue> observed = observer.isEmpty() ? List.of() : observer.take(second);
        for (SignalStream stream : streams) {
            double used = cores.getAsDouble();
            TimelinePoint point = stream.recorder().tick(second, stream.rateAt(middle)).withCpu(Double.isNaN(used) ? null : used);
            if (!observed.isEmpty()) {
                point = point.withObserved(observed); // on the first signal's point only: the series are the run's
                observed = List.of();
            }
            timeline.add(point);
            recent.addLast(point);
            while (recent.size() > RECENT_SECONDS * streams.size()) {
                recent.removeFirst();
            }
            metrics.second(plan.destination().type(), point);
            if (judging) {
                samples.put(point.signal(), new ThresholdMonitor.Sample(point, stream.recorder().lastInterval()));
            }
        }
        if (!thresholds.isEmpty() && stopReason == null) {
            thresholds.observe(second, samples).ifPresent(breach -> {
                log.info("{}: {}; stopping the run", plan.key(), breach.reason());
                stop(breach.reason());
            });
        }
        if (capacity != null && stopReason == null) {
            OptionalDouble next = capacity.second(second, samples);
            if (next.isPresent()) {
                streams.stream().filter(s -> s.signal() == plan.capacity().signal()).forEach(s -> s.changeRate(next.getAsDouble()));
                log.info("{}: capacity search steps to {} {}/s", plan.key(), next.getAsDouble(), plan.capacity().signal().key());
            } else if (capacity.done()) {
                log.info("{}: {}", plan.key(), capacity.result(false).summary());
                stop(EndReason.CAPACITY_FOUND);
            }
        }
    }

    private void awaitEnd() {
        try {
            CompletableFuture<Void> all = CompletableFuture.allOf(
                    streams.stream().map(SignalStream::finished).toArray(CompletableFuture[]::new));
            // until the end of the duration (or a stop), then requests in flight get their time to answer
            while (!all.isDone() && stopReason == null && pacing.nanoTime() - start < durationNanos) {
                try {
                    all.get(50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException notYet) {
                    // check again
                }
            }
            Duration limit = stopReason != null ? stopGrace : drainLimit;
            try {
                all.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException late) {
                log.info("{}: requests still in flight after {}; closing them", plan.key(), limit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.error("{} failed", plan.key(), e);
        } finally {
            channels.forEach(Channel::close);
            observer.close();
            waitForAbortedSends();
            ScheduledFuture<?> scheduled = ticker;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            synchronized (this) {
                long elapsedNanos = Math.clamp(pacing.nanoTime() - start, 0, durationNanos);
                long lastSecond = (elapsedNanos + SECOND - 1) / SECOND;
                while (nextTickSecond < lastSecond && nextTickSecond * SECOND < durationNanos) {
                    closeSecond(nextTickSecond++);
                }
            }
            thresholds.finish();
            RunResults finalResults;
            synchronized (this) {
                finalResults = new RunResults(results().signals(), thresholds.results(),
                        capacity == null ? null : capacity.result(true), observer.status());
            }
            if (stopReason == null && pacing.nanoTime() > leaseDeadline && pacing.nanoTime() - start < durationNanos) {
                stopReason = EndReason.LEASE_LOST; // the streams stopped at the deadline before the ticker saw it
            }
            completion.complete(new ExecutionOutcome(stopReason == null ? EndReason.COMPLETED : stopReason, finalResults,
                    elapsed()));
        }
    }

    private void waitForAbortedSends() {
        try {
            CompletableFuture.allOf(streams.stream().map(SignalStream::finished).toArray(CompletableFuture[]::new))
                    .get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{}: some sends did not end after their connections closed", plan.key());
        }
    }
}
