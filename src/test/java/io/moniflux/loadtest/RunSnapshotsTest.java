package io.moniflux.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.moniflux.delivery.json.HttpJsonDestination;
import io.moniflux.results.RunResults;
import io.moniflux.results.SignalResults;
import io.moniflux.results.TimelinePoint;

/** The read model of a run, from what its parts persisted, at a given instant. */
class RunSnapshotsTest {

    static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");

    static TestSpec spec(int workers, Map<String, List<RateStage>> stages) {
        return new TestSpec("INFO", 1000, 10, 0, 0, 60, HttpJsonDestination.of("d", "127.0.0.1", 9, null), workers, null, stages,
                null, null, null, null, null, null);
    }

    static TestRun run(TestSpec spec) {
        return TestRun.launch(LoadTest.create("t", "u", spec, null, STARTED).start(Action.START, spec, "u", STARTED), STARTED);
    }

    static RunResults sent(long attempted, long sent, long missed) {
        return new RunResults(Map.of("logs", new SignalResults(attempted, sent, 0, missed, 0, 0, null, null, null, null, null, null)));
    }

    static List<TimelinePoint> seconds(long from, long to, double target, long sent) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(s -> new TimelinePoint(s, "logs", target, sent, sent, 0, 0, 1, 2)).toList();
    }

    @Test
    void aRunResumedAfterADowntimeCountsOnlyItsActiveTime() {
        TestRun run = run(spec(1, null));
        // the service stopped at 13 s (the part was handed back), and came up again 30 s later
        Instant now = STARTED.plusSeconds(43);
        PartProgress released = new PartProgress(0, PartState.Ready, null, 13_000, STARTED.plusSeconds(13), sent(13_000, 13_000, 0),
                Map.of("logs", 1000.0), 0, seconds(8, 12, 1000, 1000), List.of());
        RunSnapshot waiting = RunSnapshots.build(run, List.of(released), now);
        assertThat(waiting.elapsed()).isEqualTo(13.0);
        assertThat(waiting.remaining()).isEqualTo(47.0);

        // claimed again; its new owner checkpointed 400 ms ago at 13.6 s
        PartProgress resumed = new PartProgress(0, PartState.Running, "replica-b", 13_600, now.minusMillis(400), sent(13_600, 13_600, 0),
                Map.of("logs", 1000.0), 0, seconds(8, 12, 1000, 1000), List.of());
        RunSnapshot running = RunSnapshots.build(run, List.of(resumed), now);
        assertThat(running.elapsed()).isEqualTo(14.0);
        assertThat(running.remaining()).isEqualTo(46.0);
    }

    @Test
    void anOwnerThatStoppedPersistingStopsTheRunsClock() {
        TestRun run = run(spec(1, null));
        PartProgress silent = new PartProgress(0, PartState.Running, "replica-a", 20_000, STARTED.plusSeconds(20),
                sent(20_000, 20_000, 0), Map.of("logs", 1000.0), 0, seconds(15, 19, 1000, 1000), List.of());
        assertThat(RunSnapshots.build(run, List.of(silent), STARTED.plusSeconds(29)).elapsed())
                .as("carried forward at most " + RunSnapshots.CARRY_FORWARD_MILLIS + " ms").isEqualTo(22.0);
    }

    @Test
    void theTargetNowIsWhatThePartsAreAskedForNotTheDefinitionsRate() {
        TestRun run = run(spec(2, Map.of("logs", List.of(new RateStage(20, 3000)))));
        Instant now = STARTED.plusSeconds(10);
        List<PartProgress> parts = List.of(
                new PartProgress(0, PartState.Running, "a", 10_000, now, sent(10_000, 9_000, 500), Map.of("logs", 1000.0), 0,
                        seconds(5, 9, 950, 940), List.of()),
                new PartProgress(1, PartState.Running, "b", 10_000, now, sent(10_000, 9_000, 500), Map.of("logs", 1000.0), 0,
                        seconds(6, 9, 950, 930), List.of()));
        RunSnapshot snapshot = RunSnapshots.build(run, parts, now);
        RunSnapshot.SignalSnapshot logs = snapshot.signals().get("logs");
        assertThat(logs.targetRateNow()).as("two parts at 1000/s each, halfway up the ramp").isEqualTo(2000.0);
        assertThat(logs.targetRate()).as("due / elapsed").isEqualTo(2100.0);
        assertThat(logs.achievedRate()).as("sent / elapsed").isEqualTo(1800.0);
        assertThat(snapshot.lastSecond()).isEqualTo(9);
        assertThat(snapshot.recent().firstKey()).as("only seconds every part has").isEqualTo(6);
        assertThat(logs.achievedRateNow()).isEqualTo(1870.0);
    }

    @Test
    void aLiveChangeNotYetAppliedByTheOwnerIsAlreadyTheTarget() {
        TestRun run = run(spec(1, null)).changeRates(Map.of("logs", 8000.0));
        PartProgress part = new PartProgress(0, PartState.Running, "a", 5_000, STARTED.plusSeconds(5), sent(5000, 5000, 0),
                Map.of("logs", 1000.0), 0, seconds(0, 4, 1000, 1000), List.of());
        assertThat(RunSnapshots.build(run, List.of(part), STARTED.plusSeconds(5)).signals().get("logs").targetRateNow())
                .isEqualTo(8000.0);
    }
}
