package io.moniflux.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

import org.junit.jupiter.api.Test;

import io.moniflux.delivery.Channel;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.results.SignalRecorder;
import io.moniflux.results.SignalResults;
import io.moniflux.results.TimelinePoint;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.Generator;
import io.moniflux.telemetry.LogEvent;
import io.moniflux.telemetry.TelemetryEvent;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.Signal;

class SignalStreamTest {

    static final long S = 1_000_000_000L;
    static final long MAX_LAG = S / 2;

    final FakePacing pacing = new FakePacing();
    final List<Long> sentAt = new ArrayList<>();
    final List<List<Long>> sequences = new ArrayList<>();
    final SignalRecorder recorder = new SignalRecorder("logs");

    /** Records when each batch was sent and which sequence numbers it carried; answers 200. */
    final Channel recording = new Channel() {
        @Override
        public DeliveryResult send(Batch<?> batch) {
            sentAt.add(pacing.nanoTime());
            sequences.add(batch.events().stream().map(TelemetryEvent::seq).toList());
            return DeliveryResult.accepted(batch.size(), 200, 10L * batch.size());
        }

        @Override
        public void close() {
        }
    };

    final Generator<LogEvent> sequenceNumbers = (seq, epochNanos) -> new LogEvent(epochNanos, "INFO", "m", "s", "h", null, seq);
    final Executor noMoreWorkers = task -> {
        throw new AssertionError("with one permit there is one worker");
    };

    /** One worker (one permit) running on the test thread: deterministic under the fake clock. */
    SignalStream stream(RateSchedule schedule, int batchSize, long duration, Channel channel, int workers, int part) {
        return stream(schedule, batchSize, duration, channel, workers, part, sequenceNumbers);
    }

    SignalStream stream(RateSchedule schedule, int batchSize, long duration, Channel channel, int workers, int part,
            Generator<LogEvent> generator) {
        return new SignalStream(new SignalStream.Load(Signal.LOGS, schedule, List.of(), batchSize, generator),
                new SignalStream.Sending(channel, new Semaphore(1), noMoreWorkers, recorder, (r, l) -> { }),
                new SignalStream.Timing(pacing, 0, 0, duration, MAX_LAG), new SignalStream.Numbering(new RunMarker("t", "r", part), workers, 0));
    }

    Channel answeringAfter(long nanos) {
        return new Channel() {
            @Override
            public DeliveryResult send(Batch<?> batch) {
                DeliveryResult result = recording.send(batch);
                pacing.advanceTo(pacing.nanoTime() + nanos);
                return result;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void sendsEveryEventOnScheduleOpenLoop() {
        stream(RateSchedule.constant(10), 1, 3 * S, recording, 1, 0).runInline();

        assertThat(sentAt).hasSize(30);
        for (int k = 0; k < 30; k++) {
            assertThat(sentAt.get(k)).isEqualTo(k * S / 10);
        }
        assertThat(sequences.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(range(0, 30));
        SignalResults results = recorder.results();
        assertThat(results.attempted()).isEqualTo(30);
        assertThat(results.sent()).isEqualTo(30);
        assertThat(results.missed()).isZero();
        assertThat(results.bytes()).isEqualTo(300);
        assertThat(results.statusCodes()).containsEntry("200", 30L);
    }

    @Test
    void batchKIsDueAtKTimesBatchOverRateAndTheLastBatchIsPartial() {
        stream(RateSchedule.constant(10), 4, 3 * S, recording, 1, 0).runInline();

        assertThat(sentAt).containsExactly(0L, 400_000_000L, 800_000_000L, 1_200_000_000L, 1_600_000_000L,
                2_000_000_000L, 2_400_000_000L, 2_800_000_000L);
        assertThat(sequences.getLast()).containsExactly(28L, 29L);
        assertThat(recorder.results().requests()).isEqualTo(8);
    }

    @Test
    void noBatchLeavesAfterTheLeaseDeadline() {
        SignalStream stream = stream(RateSchedule.constant(10), 1, 3 * S, recording, 1, 0);
        stream.sendUntil(S + S / 20); // 1.05 s: its renewals stopped getting through

        stream.runInline();

        assertThat(sequences.stream().flatMap(List::stream).toList()).as("the events due by 1.05 s, none after")
                .isEqualTo(LongStream.rangeClosed(0, 10).boxed().toList());
        assertThat(sentAt).allSatisfy(at -> assertThat(at).isLessThanOrEqualTo(S + S / 20));
    }

    @Test
    void theReplayWindowHoldsEverySeqThatABatchBegunByTheDeadlineCarries() {
        SignalStream stream = stream(RateSchedule.constant(10), 4, 3 * S, recording, 2, 1);
        SignalStream.SeqRange window = stream.seqsFromStartUntil(S);
        stream.sendUntil(S);

        stream.runInline();

        List<Long> sent = sequences.stream().flatMap(List::stream).toList();
        assertThat(sent).as("batches begun at 0, 0.4 and 0.8 s").hasSize(12);
        assertThat(sent).allSatisfy(seq -> assertThat(seq).isBetween(window.from(), window.to()));
        assertThat(window.from()).as("part 1 of 2: seq 1, 3, 5...").isEqualTo(1);
        assertThat(window.count()).as("at most the events due by 1 s and the rest of a batch begun then").isEqualTo(14);
        assertThat(window.to()).isEqualTo(13 * 2 + 1);
    }

    @Test
    void sequenceNumbersInterleaveAcrossWorkers() {
        stream(RateSchedule.constant(5), 1, S, recording, 3, 1).runInline();

        assertThat(sequences.stream().flatMap(List::stream).toList()).containsExactly(1L, 4L, 7L, 10L, 13L);
    }

    @Test
    void aDestinationSlowerThanTheRateGetsMissesNotAQueue() {
        // one request in flight, each answered after 50 ms, while a slot comes every 10 ms
        stream(RateSchedule.constant(100), 1, 2 * S, answeringAfter(50_000_000L), 1, 0).runInline();

        SignalResults results = recorder.results();
        assertThat(results.attempted() + results.missed()).isEqualTo(200);
        // one request per 50 ms from 0 to 2.45 s: slots up to 0.5 s late still go out, older ones are missed
        assertThat(results.attempted()).isEqualTo(50);
        assertThat(results.missed()).isEqualTo(150);
        for (int k = 1; k < sentAt.size(); k++) {
            assertThat(sentAt.get(k) - sentAt.get(k - 1)).as("sent as soon as the worker is free").isEqualTo(50_000_000L);
        }
    }

    @Test
    void aStreamThatFallsBehindCountsTheLateSlotsAsMissed() {
        Channel stalling = new Channel() {
            @Override
            public DeliveryResult send(Batch<?> batch) {
                if (batch.events().getFirst().seq() == 10) {
                    pacing.advanceTo(pacing.nanoTime() + 2 * S); // this machine stalls for 2 s
                }
                return recording.send(batch);
            }

            @Override
            public void close() {
            }
        };

        stream(RateSchedule.constant(10), 1, 5 * S, stalling, 1, 0).runInline();

        SignalResults results = recorder.results();
        assertThat(results.attempted() + results.missed()).isEqualTo(50);
        // at 3 s, events 11..24 (due before 2.5 s) are more than 0.5 s late; 25 onwards still go out
        assertThat(results.missed()).as("slots more than 0.5 s late are skipped").isEqualTo(14);
        assertThat(results.generatorMissed()).as("the worker was waiting for the destination").isZero();
        assertThat(sequences.get(11)).containsExactly(25L);
        assertThat(sentAt).allSatisfy(t -> assertThat(t).isLessThan(5 * S));
    }

    @Test
    void aGeneratorThatCannotKeepUpHoldsItsCeilingEverySecondAndCountsTheRestAsItsOwnMisses() {
        pacing.perRead = 100; // the clock moves on between two reads, as a real one does
        Generator<LogEvent> slow = (seq, epochNanos) -> {
            pacing.advanceTo(pacing.nanoTime() + 1_000); // an event takes 1 µs to build: a ceiling of about 1M/s
            return new LogEvent(epochNanos, "INFO", "m", "s", "h", null, seq);
        };

        stream(RateSchedule.constant(20_000_000), 512, 4 * S, recording, 1, 0, slow).runInline();

        SignalResults results = recorder.results();
        assertThat(results.attempted() + results.missed()).isEqualTo(80_000_000);
        assertThat(results.generatorMissed()).as("no destination was waited for").isEqualTo(results.missed());
        assertThat(results.generatorLimitedFrom()).isZero();
        for (long second = 0; second < 4; second++) {
            TimelinePoint point = recorder.tick(second, 20_000_000);
            // by the second the events were due: the first second also has what was sent while the lag grew to its bound
            assertThat(point.attempted()).as("second %d holds the ceiling", second)
                    .isBetween(850_000L, second == 0 ? 2_000_000L : 1_000_000L);
            assertThat(point.attempted() + point.missed()).as("second %d shows what was due in it", second)
                    .isBetween(20_000_000L - 512, 20_000_000L + 512);
            assertThat(point.generatorMissed()).isEqualTo(point.missed());
        }
    }

    @Test
    void stopEndsTheStream() {
        SignalStream stream = stream(RateSchedule.constant(10), 1, 60 * S, recording, 1, 0);
        pacing.onAdvance = t -> {
            if (t >= 2 * S) {
                stream.stop();
            }
        };

        stream.runInline();

        assertThat(sentAt).as("nothing due at or after the stop is sent").hasSize(20);
        assertThat(recorder.results().missed()).isZero();
    }

    @Test
    void aRateChangeTakesEffectFromTheMomentItIsMade() {
        SignalStream stream = stream(RateSchedule.constant(10), 1, 4 * S, recording, 1, 0);
        pacing.onAdvance = t -> {
            if (t >= 2 * S && stream.rateAt(t) == 10) {
                stream.changeRate(50);
            }
        };

        stream.runInline();

        long firstTwoSeconds = sentAt.stream().filter(t -> t < 2 * S).count();
        long lastTwoSeconds = sentAt.stream().filter(t -> t >= 2 * S).count();
        assertThat(firstTwoSeconds).isEqualTo(20);
        assertThat(lastTwoSeconds).isEqualTo(100);
    }

    @Test
    void failuresAreCountedByStatusAndClass() {
        Channel refusing = new Channel() {
            @Override
            public DeliveryResult send(Batch<?> batch) {
                return DeliveryResult.failed(batch.size(), 503, "http-503", 5);
            }

            @Override
            public void close() {
            }
        };

        stream(RateSchedule.constant(10), 2, S, refusing, 1, 0).runInline();

        SignalResults results = recorder.results();
        assertThat(results.failed()).isEqualTo(10);
        assertThat(stream(RateSchedule.constant(1), 1, S, refusing, 1, 0).finished()).isNotDone();
        assertThat(results.sent()).isZero();
        assertThat(results.statusCodes()).containsEntry("503", 5L);
        assertThat(results.errors()).containsEntry("http-503", 5L);
    }

    @Test
    void aSecondStaysOpenWhileItsRequestsAwaitAnswersAndTheirAnswersCountInIt() {
        // one event a second, each answered 1.5 s after it is sent: answers land in later seconds
        List<Long> settledWhileInFlight = new ArrayList<>();
        SignalStream[] stream = new SignalStream[1];
        Channel slow = new Channel() {
            @Override
            public DeliveryResult send(Batch<?> batch) {
                settledWhileInFlight.add(stream[0].settledUntil(0));
                pacing.advanceTo(pacing.nanoTime() + 1_500_000_000L);
                return DeliveryResult.accepted(batch.size(), 200, 10);
            }

            @Override
            public void close() {
            }
        };
        stream[0] = stream(RateSchedule.constant(1), 1, 3 * S, slow, 1, 0);
        stream[0].runInline();

        assertThat(settledWhileInFlight.getFirst()).as("second 0 is not settled while its request is in flight").isZero();
        // sent at 0 (answered 1.5), at 1.5 (0.5 s late, answered 3.0); the slot of 2 s was 1 s late: missed
        TimelinePoint first = recorder.tick(0, 1);
        TimelinePoint second = recorder.tick(1, 1);
        TimelinePoint third = recorder.tick(2, 1);
        assertThat(List.of(first, second, third)).extracting(TimelinePoint::attempted, TimelinePoint::sent, TimelinePoint::missed)
                .containsExactly(tuple(1L, 1L, 0L), tuple(1L, 1L, 0L), tuple(0L, 0L, 1L));
    }

    @Test
    void anAnswerAfterItsSecondClosedCountsInTheFirstOpenOne() {
        recorder.attempted(3, 0);
        recorder.attempted(3, 1);
        recorder.completed(0, 3, 0, 200, null, 30, 1_000, 1_000, 0);
        assertThat(recorder.tick(0, 3).sent()).isEqualTo(3);
        recorder.completed(0, 0, 2, 503, "http-503", 20, 1_000, 1_000, 0); // of second 0, which is closed
        recorder.completed(1, 3, 0, 200, null, 30, 1_000, 1_000, 0);

        TimelinePoint next = recorder.tick(1, 3);

        assertThat(next.sent()).isEqualTo(3);
        assertThat(next.failed()).isEqualTo(2);
        assertThat(recorder.results().sent() + recorder.results().failed()).isEqualTo(8);
    }

    private static List<Long> range(long from, long to) {
        List<Long> values = new ArrayList<>();
        for (long v = from; v < to; v++) {
            values.add(v);
        }
        return values;
    }
}
