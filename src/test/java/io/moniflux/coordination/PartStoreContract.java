package io.moniflux.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.moniflux.loadtest.PartState;
import io.moniflux.results.EndReason;

/**
 * The lease and claim queries, run against the embedded database and, where Docker is, a real
 * MongoDB: both must agree on who wins a claim, when a lease has run out and who still owns a part.
 */
abstract class PartStoreContract {

    // a day ahead: the live replica of the shared context polls for parts too, and must see none of these as claimable
    static final Instant NOW = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
    static final Duration LEASE = Duration.ofSeconds(10);

    @Autowired
    PartStore parts;

    /** A claim, as the part it leaves. */
    private Optional<RunPart> claim(String run, String replica, Instant now, Instant until, Instant settledBefore, List<String> skipRuns,
            Instant anyoneBefore) {
        return parts.claim(run, replica, now, until, settledBefore, skipRuns, anyoneBefore).map(PartStore.Claimed::part);
    }

    @Test
    void aClaimSaysWhichOwnerItTookThePartOverFromAndNotWhenThePartWasNewOrHandedOver() {
        String run = run(1);
        assertThat(parts.claim(run, "replica-a", NOW, NOW.plus(LEASE), NOW, List.of(), NOW)).get()
                .extracting(PartStore.Claimed::takenOverFrom).as("new").isNull();
        PartStore.Claimed taken = parts.claim(run, "replica-b", NOW.plus(LEASE).plusMillis(1), NOW.plus(LEASE.multipliedBy(2)), NOW,
                List.of(), NOW).orElseThrow();
        assertThat(taken.takenOverFrom()).isEqualTo("replica-a");
        assertThat(parts.release(taken.part().id(), "replica-b", NOW, checkpoint())).isTrue();
        assertThat(parts.claim(run, "replica-c", NOW.plus(LEASE).plusMillis(2), NOW.plus(LEASE.multipliedBy(3)), NOW, List.of(), NOW))
                .get().extracting(PartStore.Claimed::takenOverFrom).as("handed over").isNull();
    }

    @Test
    void aNewPartIsClaimedByItsIdOnceAndNotOnceItRuns() {
        String run = run(2);
        String first = RunPart.idOf(run, 1);

        assertThat(parts.claimReady(first, "replica-a", NOW, NOW.plus(LEASE))).get()
                .satisfies(claimed -> assertThat(claimed.part()).extracting(RunPart::index, RunPart::owner, RunPart::state)
                        .containsExactly(1, "replica-a", PartState.Running))
                .extracting(PartStore.Claimed::takenOverFrom).isNull();
        assertThat(parts.claimReady(first, "replica-b", NOW, NOW.plus(LEASE))).as("already running").isEmpty();
        assertThat(parts.claimReady(RunPart.idOf(run, 2), "replica-b", NOW, NOW.plus(LEASE))).as("no such part").isEmpty();
    }

    @Test
    void onlyOneReplicaWinsAReadyPart() {
        String run = run(1);

        Optional<RunPart> first = claim(run, "replica-a", NOW, NOW.plus(LEASE), NOW, List.of(), NOW);
        Optional<RunPart> second = claim(run, "replica-b", NOW, NOW.plus(LEASE), NOW, List.of(), NOW);

        assertThat(first).get().extracting(RunPart::owner, RunPart::state).containsExactly("replica-a", PartState.Running);
        assertThat(second).isEmpty();
    }

    @Test
    void aLeaseThatRanOutCanBeTakenOverAndOneThatDidNotCannot() {
        String run = run(1);
        claim(run, "replica-a", NOW, NOW.plus(LEASE), NOW, List.of(), NOW).orElseThrow();

        assertThat(claim(run, "replica-b", NOW.plus(LEASE).minusMillis(1), NOW.plus(LEASE.multipliedBy(2)), NOW, List.of(), NOW))
                .as("lease still running").isEmpty();
        assertThat(claim(run, "replica-b", NOW.plus(LEASE).plusMillis(1), NOW.plus(LEASE.multipliedBy(2)), NOW, List.of(), NOW))
                .as("lease ran out").get().extracting(RunPart::owner).isEqualTo("replica-b");
    }

    @Test
    void aRenewalSaysWhichPartsAnotherReplicaTookOver() {
        String run = run(2);
        RunPart kept = claim(run, "replica-a", NOW, NOW.plus(LEASE), NOW, List.of(), NOW).orElseThrow();
        RunPart lost = claim(run, "replica-a", NOW, NOW.plus(LEASE), NOW, List.of(), NOW).orElseThrow();
        claim(run, "replica-b", NOW.plus(LEASE).plusMillis(1), NOW.plus(LEASE.multipliedBy(2)), NOW, List.of(), NOW)
                .orElseThrow(); // the earlier-updated part of the two, taken over once both ran out
        String takenOver = parts.findByRun(run).stream().filter(part -> "replica-b".equals(part.owner())).findFirst()
                .orElseThrow().id();
        String stillOurs = takenOver.equals(kept.id()) ? lost.id() : kept.id();

        Set<String> gone = parts.renewAll(List.of(renewal(kept.id()), renewal(lost.id())), "replica-a", NOW.plusSeconds(1),
                NOW.plusSeconds(11));

        assertThat(gone).containsExactly(takenOver);
        assertThat(parts.findByRun(run)).filteredOn(part -> part.id().equals(stillOurs)).singleElement()
                .satisfies(part -> assertThat(part.elapsedMillis()).isEqualTo(1234));
    }

    @Test
    void onlyTheOwnerFinishesOrReleasesAPart() {
        String run = run(1);
        RunPart part = claim(run, "replica-a", NOW, NOW.plus(LEASE), NOW, List.of(), NOW).orElseThrow();

        assertThat(parts.finish(part.id(), "replica-b", NOW, checkpoint(), EndReason.COMPLETED)).isFalse();
        assertThat(parts.release(part.id(), "replica-b", NOW, checkpoint())).isFalse();
        assertThat(parts.finish(part.id(), "replica-a", NOW, checkpoint(), EndReason.COMPLETED)).isTrue();
        assertThat(parts.findByRun(run).getFirst().state()).isEqualTo(PartState.Done);
        assertThat(claim(run, "replica-b", NOW.plus(LEASE.multipliedBy(3)), NOW.plus(LEASE.multipliedBy(4)), NOW, List.of(), NOW))
                .as("a finished part is nobody's to claim").isEmpty();
    }

    @Test
    void aPollLeavesAFreshPartToTheReplicaThatStartedItsRunAndThenToAnyone() {
        // dated long ago, and polled "then", so that no other test's part can match the poll
        Instant then = Instant.parse("2000-01-01T00:00:00Z");
        String fresh = run(1, then);
        Instant now = then.plusMillis(1);

        assertThat(claim(null, "replica-b", now, now.plus(LEASE), then, List.of(), then)).as("not settled yet").isEmpty();
        assertThat(claim(null, "replica-b", now, now.plus(LEASE), now, List.of(fresh), then))
                .as("settled, but a run this replica already executes a part of").isEmpty();
        assertThat(claim(null, "replica-b", now, now.plus(LEASE), now, List.of(fresh), now)).as("waited long enough for anyone")
                .get().extracting(RunPart::runID).isEqualTo(fresh);
    }

    private String run(int workers) {
        return run(workers, NOW.minusSeconds(1));
    }

    private String run(int workers, Instant created) {
        String runID = "lease-" + UUID.randomUUID() + "-run-1";
        parts.insertAll(IntStream.range(0, workers)
                .mapToObj(index -> RunPart.ready(runID, "lease", index, workers, created.plusMillis(index)))
                .toList());
        return runID;
    }

    private static PartStore.Renewal renewal(String partID) {
        return new PartStore.Renewal(partID, checkpoint());
    }

    private static PartCheckpoint checkpoint() {
        return new PartCheckpoint(1234, null, null, null, 0, List.of(), null);
    }
}
