package io.moniflux.coordination;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

import io.moniflux.engine.ExecutionOutcome;
import io.moniflux.engine.LoadEngine;
import io.moniflux.engine.RunExecution;
import io.moniflux.loadtest.PartCheckpoint;
import io.moniflux.loadtest.RunLaunched;
import io.moniflux.loadtest.RunPart;
import io.moniflux.loadtest.RunRatesChanged;
import io.moniflux.loadtest.RunStopRequested;
import io.moniflux.loadtest.Runs;
import io.moniflux.loadtest.TestRun;
import io.moniflux.loadtest.TestStatus;
import io.moniflux.results.RunResults;
import io.moniflux.results.ThresholdMonitor;
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
    static final String SHUTDOWN = "shutdown";
    static final String LEASE_LOST = "lease-lost";

    /** A part executing here, with what earlier owners had done. */
    private record Owned(RunPart part, TestRun run, RunExecution execution, RunResults prior, long[] appliedRatesVersion) {

        RunResults results() {
            RunResults current = execution.results();
            return prior == null ? current : prior.plus(current);
        }
    }

    private final Runs runs;
    private final LoadEngine engine;
    private final TimelineStore timeline;
    private final Replica replica;
    private final ReplicaRegistry replicas;
    private final CoordinationProperties properties;
    private final Map<String, Owned> owned = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;
    private long polls;

    RunSupervisor(Runs runs, LoadEngine engine, TimelineStore timeline, Replica replica, ReplicaRegistry replicas,
            CoordinationProperties properties) {
        this.runs = runs;
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
            int workers = runs.parts(launched.runID()).size();
            int share = Math.max(1, (workers + replicas.live().size() - 1) / Math.max(1, replicas.live().size()));
            for (int i = 0; i < share; i++) {
                if (!claimFrom(launched.runID())) {
                    break;
                }
            }
        });
    }

    /** Cancel or restart accepted here: stop at once when the run executes here; the owner polls otherwise. */
    @EventListener
    void onStopRequested(RunStopRequested request) {
        owned.values().stream().filter(o -> o.part().runID().equals(request.runID()))
                .forEach(o -> o.execution().stop(request.reason()));
    }

    @EventListener
    void onRatesChanged(RunRatesChanged change) {
        owned.values().stream().filter(o -> o.part().runID().equals(change.runID()))
                .forEach(o -> applyRates(o, change.rates(), change.ratesVersion()));
    }

    /** Requests made through other replicas, and parts nobody owns. */
    @Scheduled(fixedDelayString = "${moniflux.coordination.poll-interval:500ms}")
    void poll() {
        if (shuttingDown) {
            return;
        }
        try {
            List<String> runIDs = owned.values().stream().map(o -> o.part().runID()).distinct().toList();
            for (Runs.RunControl control : runs.controls(runIDs)) {
                for (Owned o : owned.values()) {
                    if (!o.part().runID().equals(control.runID())) {
                        continue;
                    }
                    if (control.stopRequested() || control.status() != TestStatus.Running) {
                        o.execution().stop(control.stopReason() == null ? "stopped" : control.stopReason());
                    } else if (control.ratesVersion() > o.appliedRatesVersion()[0]) {
                        applyRates(o, control.rates(), control.ratesVersion());
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

    /** Persists progress of every part executing here and renews its lease. */
    @Scheduled(fixedDelayString = "${moniflux.coordination.renew-interval:1s}")
    void renew() {
        if (!shuttingDown) {
            replicas.beat(owned.size());
        }
        for (Owned o : owned.values()) {
            if (o.execution().completion().isDone()) {
                continue; // its end is being recorded; the part is no longer this replica's to renew
            }
            try {
                timeline.append(o.part().runID(), o.part().index(), o.execution().drainTimeline());
                if (!o.execution().isStopping() && !runs.renew(o.part(), replica.id(), properties.lease(),
                        new PartCheckpoint(o.execution().elapsed().toMillis(), o.results(), o.execution().rateChanges()))) {
                    log.warn("Lost the lease of {} to another replica; stopping it here", o.part().id());
                    o.execution().stop(LEASE_LOST);
                }
            } catch (RuntimeException e) {
                log.warn("Could not persist progress of {}; will try again", o.part().id(), e);
            }
        }
    }

    private void claimAny() {
        if (shuttingDown) {
            return;
        }
        List<String> executing = owned.values().stream().map(o -> o.part().runID()).distinct().toList();
        try {
            runs.claimAny(replica.id(), properties.lease(), executing).ifPresent(this::execute);
        } catch (RuntimeException e) {
            log.warn("Claiming a run part failed", e);
        }
    }

    private boolean claimFrom(String runID) {
        if (shuttingDown) {
            return false;
        }
        Optional<Runs.Claim> claim;
        try {
            claim = runs.claim(runID, replica.id(), properties.lease());
        } catch (RuntimeException e) {
            log.warn("Claiming a run part failed", e);
            return false;
        }
        claim.ifPresent(this::execute);
        return claim.isPresent();
    }

    private void execute(Runs.Claim claim) {
        RunPart part = claim.part();
        TestRun run = claim.run();
        if (run == null || run.status() != TestStatus.Running || run.stopRequested()) {
            runs.finish(part, replica.id(), part.elapsedMillis(), part.results() == null ? RunResults.EMPTY : part.results(), null);
            return;
        }
        RunExecution execution;
        try {
            execution = engine.start(PlanMapper.plan(run, part));
        } catch (RuntimeException e) {
            log.error("Could not start {}", part.id(), e);
            runs.finish(part, replica.id(), part.elapsedMillis(), part.results() == null ? RunResults.EMPTY : part.results(),
                    "could not start: " + e.getMessage());
            return;
        }
        Owned o = new Owned(part, run, execution, part.results(), new long[] {run.ratesVersion()});
        owned.put(part.id(), o);
        if (part.elapsedMillis() > 0) {
            log.info("Resumed {} at {} s on replica {}", part.id(), part.elapsedMillis() / 1000, replica.id());
        }
        execution.completion().whenComplete((outcome, failure) -> Thread.ofVirtual().start(() -> ended(o, outcome, failure)));
    }

    private void ended(Owned o, ExecutionOutcome outcome, Throwable failure) {
        try {
            RunPart part = o.part();
            timeline.append(part.runID(), part.index(), o.execution().drainTimeline());
            RunResults results = o.prior() == null ? outcome.results() : o.prior().plus(outcome.results());
            long elapsed = outcome.elapsed().toMillis();
            if (SHUTDOWN.equals(outcome.stopReason())) {
                runs.release(part, replica.id(), new PartCheckpoint(elapsed, results, o.execution().rateChanges()));
                log.info("Released {} at {} s for another replica", part.id(), elapsed / 1000);
            } else if (outcome.stopReason() != null && outcome.stopReason().startsWith(ThresholdMonitor.ABORT_REASON)
                    && failure == null) {
                runs.abort(part, replica.id(), elapsed, results, outcome.stopReason());
            } else if (!LEASE_LOST.equals(outcome.stopReason())) {
                runs.finish(part, replica.id(), elapsed, results, failure == null ? null : "failed: " + failure.getMessage());
            }
        } catch (RuntimeException e) {
            log.error("Could not record the end of {}", o.part().id(), e);
        } finally {
            owned.remove(o.part().id());
        }
    }

    private void applyRates(Owned o, Map<String, Double> rates, long version) {
        synchronized (o.appliedRatesVersion()) {
            if (version <= o.appliedRatesVersion()[0]) {
                return;
            }
            Map<Signal, Double> perPart = new EnumMap<>(Signal.class);
            for (Signal signal : Signal.values()) {
                Double rate = rates.get(signal.key());
                if (rate != null) {
                    perPart.put(signal, rate / o.part().workers());
                }
            }
            o.execution().changeRates(perPart);
            o.appliedRatesVersion()[0] = version;
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
        executing.forEach(o -> o.execution().stop(SHUTDOWN));
        for (Owned o : executing) {
            try {
                o.execution().completion().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("{} did not stop in time", o.part().id());
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
