package io.moniflux.coordination;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

import io.moniflux.config.EmbeddedDatabase;
import io.moniflux.engine.ExecutionOutcome;
import io.moniflux.engine.LoadEngine;
import io.moniflux.engine.RunExecution;
import io.moniflux.loadtest.RunLaunched;
import io.moniflux.loadtest.RunRatesChanged;
import io.moniflux.loadtest.RunStopRequested;
import io.moniflux.loadtest.TestQueries;
import io.moniflux.loadtest.TestRun;
import io.moniflux.results.EndReason;
import io.moniflux.results.Replay;
import io.moniflux.results.RunResults;
import io.moniflux.results.TimelinePoint;
import io.moniflux.results.TimelineStore;
import io.moniflux.telemetry.Signal;

/**
 * Executes the run parts this replica owns. It claims parts (at once for runs started through this
 * replica, and by polling for parts nobody owns: new ones, and those whose owner died), renews their
 * leases with their progress, applies stop and rate requests made through any replica, and finishes
 * or — on shutdown — releases them so another replica carries on.
 */
@Component
class RunSupervisor {

    private static final Logger log = LoggerFactory.getLogger(RunSupervisor.class);

    /**
     * A part executing here, with what earlier owners had done, the live rate change it applied last, and
     * the windows of events that may have been sent twice (earlier takeovers' and this one's).
     */
    private static final class Owned {
        final RunPart part;
        final RunExecution execution;
        final RunResults prior;
        final List<Replay> replays;
        long appliedRatesVersion;
        long persistedAt;

        Owned(RunPart part, RunExecution execution, RunResults prior, long appliedRatesVersion, List<Replay> replays) {
            this.part = part;
            this.execution = execution;
            this.prior = prior;
            this.appliedRatesVersion = appliedRatesVersion;
            this.replays = List.copyOf(replays);
        }

        RunResults results(RunResults current) {
            return prior == null ? current : prior.plus(current);
        }

        synchronized PartCheckpoint checkpoint(RunResults current, long elapsedMillis) {
            Map<String, Double> rates = new TreeMap<>();
            execution.currentRates().forEach((signal, rate) -> rates.put(signal.key(), rate));
            return new PartCheckpoint(elapsedMillis, results(current), execution.rateChanges(), rates, appliedRatesVersion,
                    execution.recentSeconds(), replays);
        }
    }

    private final Leases leases;
    private final TestQueries queries;
    private final LoadEngine engine;
    private final TimelineStore timeline;
    private final Replica replica;
    private final ReplicaRegistry replicas;
    private final CoordinationProperties properties;
    private final Map<String, Owned> owned = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;
    private long polls;
    private long lastBeat;

    /**
     * Whether the database runs in this process (the embedded one): this replica can then not be cut off
     * from it while it lives, and no other replica shares it, so the renew deadline protects nothing. It
     * would only stop parts whose renewals the embedded database is slow to write (at 1,000 running
     * tests it was, and stopped hundreds of them).
     */
    private final boolean ownDatabase;

    RunSupervisor(Leases leases, TestQueries queries, LoadEngine engine, TimelineStore timeline, Replica replica,
            ReplicaRegistry replicas, CoordinationProperties properties, ObjectProvider<EmbeddedDatabase> embedded) {
        this.ownDatabase = embedded.getIfAvailable() != null;
        this.leases = leases;
        this.queries = queries;
        this.engine = engine;
        this.timeline = timeline;
        this.replica = replica;
        this.replicas = replicas;
        this.properties = properties;
    }

    /**
     * The replica that accepted a start acts at once, taking its share of the run's parts; the other
     * replicas' polls take the rest, so that a run's workers spread over the replicas alive.
     */
    @EventListener
    void onLaunched(RunLaunched launched) {
        Thread.ofVirtual().name("moniflux-claim-" + launched.runID()).start(() -> {
            int live = Math.max(1, replicas.live().size());
            int share = Math.max(1, (launched.workers() + live - 1) / live);
            int claimed = 0;
            for (int index = 0; index < launched.workers() && claimed < share; index++) {
                if (claimNew(launched.runID(), index)) {
                    claimed++;
                }
            }
        });
    }

    /** A stop asked for here: stop at once when the run executes here; the owner polls otherwise. */
    @EventListener
    void onStopRequested(RunStopRequested request) {
        owned.values().stream().filter(o -> o.part.runID().equals(request.runID())).forEach(o -> o.execution.stop(request.reason()));
    }

    @EventListener
    void onRatesChanged(RunRatesChanged change) {
        owned.values().stream().filter(o -> o.part.runID().equals(change.runID()))
                .forEach(o -> applyRates(o, change.rates(), change.ratesVersion()));
    }

    /** Requests made through other replicas, and parts nobody owns. */
    @Scheduled(fixedDelayString = "${moniflux.coordination.poll-interval:500ms}")
    void poll() {
        if (shuttingDown) {
            return;
        }
        try {
            List<String> runIDs = owned.values().stream().map(o -> o.part.runID()).distinct().toList();
            for (TestRun run : queries.runs(runIDs)) {
                for (Owned o : owned.values()) {
                    if (!o.part.runID().equals(run.runID())) {
                        continue;
                    }
                    if (run.stopping()) {
                        o.execution.stop(run.stopRequest() != null ? run.stopRequest() : run.endReason());
                    } else if (run.ratesVersion() > o.appliedRatesVersion) {
                        applyRates(o, run.rates(), run.ratesVersion());
                    }
                }
            }
            if (polls++ % 2 == 0) {
                claimAny(); // parts nobody owns: every other poll is soon enough
            }
        } catch (RuntimeException e) {
            log.warn("Polling runs failed; trying again in {}", properties.pollInterval(), e);
        }
    }

    /**
     * Persists what the parts executing here did, in one bulk write per collection: the seconds each part
     * closed since the last write (so that the live views lag by little more than a second), and, at least
     * every renew interval, each part's checkpoint with its lease extended.
     */
    @Scheduled(fixedDelayString = "${moniflux.coordination.progress-interval:250ms}")
    void persist() {
        long now = System.nanoTime();
        long renewEvery = properties.renewInterval().toNanos();
        if (!shuttingDown && now - lastBeat >= renewEvery) {
            try {
                replicas.beat(owned.size());
                lastBeat = now;
            } catch (RuntimeException e) {
                log.warn("Could not record this replica's heartbeat; will try again", e);
            }
        }
        List<TimelineStore.PartPoints> points = new ArrayList<>();
        List<PartStore.Renewal> renewals = new ArrayList<>();
        Map<String, Owned> renewing = new HashMap<>();
        for (Owned o : owned.values()) {
            if (o.execution.completion().isDone()) {
                continue; // its end is being recorded; the part is no longer this replica's to renew
            }
            List<TimelinePoint> closed = o.execution.drainTimeline();
            if (!closed.isEmpty()) {
                points.add(new TimelineStore.PartPoints(o.part.runID(), o.part.index(), closed));
            }
            if (!o.execution.isStopping() && (!closed.isEmpty() || now - o.persistedAt >= renewEvery)) {
                renewals.add(new PartStore.Renewal(o.part.id(), o.checkpoint(o.execution.results(), o.execution.elapsed().toMillis())));
                renewing.put(o.part.id(), o);
                o.persistedAt = now;
            }
        }
        try {
            timeline.appendAll(points);
            Set<String> lostParts = leases.renewAll(renewals, replica.id(), properties.lease());
            for (String lost : lostParts) {
                Owned o = renewing.get(lost);
                if (o.execution.completion().isDone()) {
                    continue; // it ended (and was finished) while the renewals were written: not lost
                }
                log.warn("Lost the lease of {} to another replica; stopping it here", lost);
                o.execution.stop(EndReason.LEASE_LOST);
            }
            // the lease was extended as of `now`: the part may send until the renew deadline from then
            Duration left = properties.renewDeadline().minusNanos(System.nanoTime() - now);
            renewing.forEach((id, o) -> {
                if (!lostParts.contains(id) && !ownDatabase) {
                    o.execution.sendOnlyFor(left);
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not persist the progress of {} run part(s); will try again", renewing.size(), e);
            renewing.values().forEach(o -> o.persistedAt = 0);
        }
    }

    private void claimAny() {
        if (shuttingDown) {
            return;
        }
        List<String> executing = owned.values().stream().map(o -> o.part.runID()).distinct().toList();
        try {
            leases.claimAny(replica.id(), properties.lease(), executing).ifPresent(this::execute);
        } catch (RuntimeException e) {
            log.warn("Claiming a run part failed", e);
        }
    }

    /** Claims part {@code index} of a new run, unless another replica took it first. */
    private boolean claimNew(String runID, int index) {
        if (shuttingDown) {
            return false;
        }
        Optional<Leases.Claim> claim;
        try {
            claim = leases.claimNew(runID, index, replica.id(), properties.lease());
        } catch (RuntimeException e) {
            log.warn("Claiming a run part failed", e);
            return false;
        }
        claim.ifPresent(this::execute);
        return claim.isPresent();
    }

    private void execute(Leases.Claim claim) {
        RunPart part = claim.part();
        TestRun run = claim.run();
        if (owned.containsKey(part.id())) {
            // its lease ran out before this replica's renewal got through (the database was slow) and this
            // replica's own poll took it: the claim extended the lease, and the execution here goes on. Taking
            // it as a new part ended it as a failure to start, and the execution then lost its lease
            log.warn("The lease of {} ran out before this replica renewed it; it carries on here", part.id());
            return;
        }
        if (run == null || run.stopping()) {
            // nothing left to run: the part is done as it stands
            EndReason reason = run == null ? new EndReason.Failed("its run is gone")
                    : run.stopRequest() != null ? run.stopRequest() : EndReason.COMPLETED;
            leases.finish(part, replica.id(), asItStands(part), reason);
            return;
        }
        RunExecution execution;
        try {
            execution = engine.start(PlanMapper.plan(run, part, Instant.now()));
        } catch (RuntimeException e) {
            log.error("Could not start {}", part.id(), e);
            leases.finish(part, replica.id(), asItStands(part), new EndReason.Failed("could not start: " + e.getMessage()));
            return;
        }
        // the lease runs from the claim; cut off from the database, this replica stops the part by the renew deadline
        if (!ownDatabase) {
            execution.sendOnlyFor(properties.renewDeadline());
        }
        List<Replay> replays = new ArrayList<>(part.replays() == null ? List.of() : part.replays());
        if (claim.takenOverFrom() != null) {
            // the owner stopped without handing the part over: what it sent after its last checkpoint goes out
            // again. It sent until the renew deadline at the latest; an owner without one (its database in its
            // own process, so it died with it) until its lease would have run out
            List<Replay> now = execution.replayedFrom(claim.takenOverFrom(), ownDatabase ? properties.lease() : properties.renewDeadline());
            now.forEach(replay -> log.info("Took over {}: {}", part.id(), replay.describe()));
            replays.addAll(now);
        }
        Owned o = new Owned(part, execution, part.results(), run.ratesVersion(), replays);
        owned.put(part.id(), o);
        if (part.elapsedMillis() > 0) {
            log.info("Resumed {} at {} s on replica {}", part.id(), part.elapsedMillis() / 1000, replica.id());
        }
        execution.completion().whenComplete((outcome, failure) -> Thread.ofVirtual().start(() -> ended(o, outcome, failure)));
    }

    private static PartCheckpoint asItStands(RunPart part) {
        return new PartCheckpoint(part.elapsedMillis(), part.results() == null ? RunResults.EMPTY : part.results(),
                part.rateChanges(), part.rates(), part.ratesVersion(), part.recent(), part.replays());
    }

    private void ended(Owned o, ExecutionOutcome outcome, Throwable failure) {
        try {
            RunPart part = o.part;
            timeline.append(part.runID(), part.index(), o.execution.drainTimeline());
            EndReason reason = failure != null ? new EndReason.Failed(String.valueOf(failure.getMessage())) : outcome.reason();
            PartCheckpoint last = o.checkpoint(outcome == null ? o.execution.results() : outcome.results(),
                    outcome == null ? o.execution.elapsed().toMillis() : outcome.elapsed().toMillis());
            switch (reason) {
                case EndReason.Shutdown shutdown -> {
                    leases.release(part, replica.id(), last);
                    log.info("Released {} at {} s for another replica", part.id(), last.elapsedMillis() / 1000);
                }
                case EndReason.LeaseLost lost -> log.info("{} goes on elsewhere", part.id());
                case EndReason.ThresholdAborted breach -> leases.abort(part, replica.id(), last, breach);
                default -> leases.finish(part, replica.id(), last, reason);
            }
        } catch (RuntimeException e) {
            log.error("Could not record the end of {}", o.part.id(), e);
        } finally {
            owned.remove(o.part.id());
        }
    }

    private void applyRates(Owned o, Map<String, Double> rates, long version) {
        synchronized (o) {
            if (version <= o.appliedRatesVersion) {
                return;
            }
            Map<Signal, Double> perPart = new EnumMap<>(Signal.class);
            for (Signal signal : Signal.values()) {
                Double rate = rates.get(signal.key());
                if (rate != null) {
                    perPart.put(signal, rate / o.part.workers());
                }
            }
            o.execution.changeRates(perPart);
            o.appliedRatesVersion = version;
        }
    }

    int executing() {
        return owned.size();
    }

    /** Stops taking work, persists what every part did and hands the parts back (SIGTERM). */
    @PreDestroy
    void shutdown() {
        shuttingDown = true;
        replicas.leave();
        List<Owned> executing = List.copyOf(owned.values());
        if (executing.isEmpty()) {
            return;
        }
        log.info("Shutting down: handing {} run part(s) back", executing.size());
        executing.forEach(o -> o.execution.stop(EndReason.SHUTDOWN));
        for (Owned o : executing) {
            try {
                o.execution.completion().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("{} did not stop in time", o.part.id());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!owned.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
