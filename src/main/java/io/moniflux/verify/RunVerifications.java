package io.moniflux.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.moniflux.coordination.LiveReplicas;
import io.moniflux.delivery.DeliveryCatalog;
import io.moniflux.delivery.Verifier;
import io.moniflux.loadtest.FollowUp;
import io.moniflux.loadtest.PartProgress;
import io.moniflux.loadtest.RunEnded;
import io.moniflux.loadtest.RunFollowUps;
import io.moniflux.loadtest.RunSnapshots;
import io.moniflux.loadtest.TestQueries;
import io.moniflux.loadtest.TestRun;
import io.moniflux.loadtest.VerifySpec;
import io.moniflux.results.SignalResults;
import io.moniflux.results.Verification;
import io.moniflux.results.Verification.SignalVerification;
import io.moniflux.telemetry.Signal;

/**
 * Verifies runs that ask for it once they end: waits the settle time, asks the backend for each
 * signal, and records the answer on the run. The replica that ended the run does it; when that
 * replica is gone before it is done (a crash, a rolling update), another takes it over.
 */
@Component
class RunVerifications {

    private static final Logger log = LoggerFactory.getLogger(RunVerifications.class);

    private final TestQueries queries;
    private final RunFollowUps followUps;
    private final DeliveryCatalog catalog;
    private final ApplicationEventPublisher events;
    private final LiveReplicas replicas;
    private final Clock clock;
    private final RunSnapshots snapshots;

    RunVerifications(TestQueries queries, RunFollowUps followUps, DeliveryCatalog catalog, ApplicationEventPublisher events,
            LiveReplicas replicas, Clock clock, RunSnapshots snapshots) {
        this.snapshots = snapshots;
        this.queries = queries;
        this.followUps = followUps;
        this.catalog = catalog;
        this.events = events;
        this.replicas = replicas;
        this.clock = clock;
    }

    @EventListener
    void onRunEnded(RunEnded ended) {
        TestRun run = queries.run(ended.testID(), ended.runID());
        VerifySpec spec = run.spec().verify();
        if (spec == null) {
            return;
        }
        followUps.recordVerification(run.runID(), Verification.pending(spec.settleSeconds(), spec.toleratedLoss()),
                replicas.worker());
        verifyLater(run);
    }

    /** Takes over the verifications that a replica which is gone left pending. */
    @Scheduled(fixedDelayString = "${moniflux.coordination.follow-up-interval:10s}")
    void takeOverOrphans() {
        try {
            replicas.takeOverOrphans(FollowUp.VERIFY, run -> true).forEach(this::verifyLater);
        } catch (RuntimeException e) {
            log.warn("Could not look for verifications left undone", e);
        }
    }

    /** Verifies the run once its settle time has passed, on a thread of its own. */
    private void verifyLater(TestRun ended) {
        VerifySpec spec = ended.spec().verify();
        Instant due = (ended.endedAt() == null ? clock.instant() : ended.endedAt()).plusSeconds(spec.settleSeconds());
        Thread.ofVirtual().name("moniflux-verify-" + ended.runID()).start(() -> {
            try {
                Thread.sleep(Math.max(0, Duration.between(clock.instant(), due).toMillis()));
                Verification verification = verify(queries.run(ended.testID(), ended.runID()), spec);
                followUps.recordVerification(ended.runID(), verification, replicas.worker());
                log.info("Run {} verified: {}", ended.runID(), verification.status().key());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Verifying run {} failed", ended.runID(), e);
                try {
                    followUps.recordVerification(ended.runID(), Verification.notVerifiable("verification failed: " + e.getMessage(),
                            spec.settleSeconds(), spec.toleratedLoss(), clock.instant()), replicas.worker());
                } catch (RuntimeException unrecorded) {
                    log.warn("Could not record that verifying run {} failed; another replica may try it", ended.runID(), unrecorded);
                    return;
                }
            }
            events.publishEvent(new RunVerified(ended.runID(), ended.testID()));
        });
    }

    /** The events each part was due to send of a signal: those it handed over and those whose slots it missed. */
    private Verifier.SeqExpectation expectation(TestRun run, Signal signal) {
        Map<Integer, Long> due = new TreeMap<>();
        for (PartProgress part : snapshots.of(run).parts()) {
            SignalResults results = part.results().signal(signal.key());
            due.put(part.index(), results.attempted() + results.missed());
        }
        return new Verifier.SeqExpectation(Math.max(1, run.spec().workers()), due);
    }

    private Verification.Sequences sequences(Verifier.SeqFindings found, TestRun run, Signal signal) {
        SignalResults results = run.results() == null ? SignalResults.EMPTY : run.results().signal(signal.key());
        return new Verification.Sequences(found.absent(), Math.min(found.absent(), results.failed() + results.missed()),
                found.firstGaps().stream().map(gap -> new Verification.Sequences.Gap(gap.part(), gap.from(), gap.to())).toList(),
                found.duplicates());
    }

    Verification verify(TestRun run, VerifySpec spec) {
        Optional<Verifier> found = catalog.verifier(run.spec().destination().type());
        if (found.isEmpty()) {
            return Verification.notVerifiable("destination type '" + run.spec().destination().type() + "' has no query API",
                    spec.settleSeconds(), spec.toleratedLoss(), clock.instant());
        }
        Verifier verifier = found.get();
        Map<String, SignalVerification> signals = new TreeMap<>();
        Map<String, Long> replayed = new TreeMap<>();
        snapshots.of(run).replays().forEach(replay -> replayed.merge(replay.signal(), replay.events(), Long::sum));
        String backend = null;
        String reason = null;
        for (Signal signal : run.spec().signals()) {
            long sent = run.results() == null ? 0 : run.results().signal(signal.key()).sent();
            if (!verifier.signals().contains(signal)) {
                signals.put(signal.key(), SignalVerification.notVerifiable(sent,
                        run.spec().destination().type() + " holds no " + signal.key()));
                reason = "some signals cannot be asked about at this backend";
                continue;
            }
            Verifier.Query query = new Verifier.Query(run.spec().destination(), spec.endpoint(), spec.api(), run.testID(),
                    run.runID(), signal, run.startedAt(), run.endedAt() == null ? clock.instant() : run.endedAt());
            backend = verifier.describe(query);
            try {
                SignalVerification verification = SignalVerification.of(sent, verifier.count(query), spec.toleratedLoss(),
                        replayed.getOrDefault(signal.key(), 0L));
                Optional<Verifier.SeqFindings> held = verifier.sequences(query, expectation(run, signal));
                if (held.isPresent()) {
                    verification = verification.withSequences(sequences(held.get(), run, signal));
                }
                signals.put(signal.key(), verification);
            } catch (Verifier.VerificationException e) {
                reason = e.getMessage();
                signals.put(signal.key(), SignalVerification.notVerifiable(sent, e.getMessage()));
            }
        }
        return new Verification(Verification.overall(signals), reason, backend, spec.settleSeconds(), spec.toleratedLoss(),
                clock.instant(), signals);
    }
}
