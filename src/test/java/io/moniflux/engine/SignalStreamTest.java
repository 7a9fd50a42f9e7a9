package io.moniflux.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

import org.junit.jupiter.api.Test;

import io.moniflux.delivery.Channel;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.results.SignalRecorder;
import io.moniflux.results.SignalResults;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.Generator;
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
            sequences.add(batch.events().stream().map(e -> (Long) e).toList());
            return DeliveryResult.accepted(batch.size(), 200, 10L * batch.size());
        }

        @Override
        public void close() {
        }
    };

    final Generator<Long> sequenceNumbers = (seq, epochNanos) -> seq;
    final Executor inline = Runnable::run;

    SignalStream stream(RateSchedule schedule, int batchSize, long duration, Channel channel, Executor sender,
            Semaphore permits, int workers, int part) {
        return new SignalStream(Signal.LOGS, schedule, batchSize, sequenceNumbers, channel, permits, recorder, sender,
                pacing, 0, duration, MAX_LAG, 0, new RunMarker("t", "r", part), workers, 0, (s, r, l) -> { });
    }

    @Test
    void sendsEveryEventOnScheduleOpenLoop() {
        stream(RateSchedule.constant(10), 1, 3 * S, recording, inline, new Semaphore(8), 1, 0).run();

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
        stream(RateSchedule.constant(10), 4, 3 * S, recording, inline, new Semaphore(8), 1, 0).run();

        assertThat(sentAt).containsExactly(0L, 400_000_000L, 800_000_000L, 1_200_000_000L, 1_600_000_000L,
                2_000_000_000L, 2_400_000_000L, 2_800_000_000L);
        assertThat(sequences.getLast()).containsExactly(28L, 29L);
        assertThat(recorder.results().requests()).isEqualTo(8);
    }

    @Test
    void sequenceNumbersInterleaveAcrossWorkers() {
        stream(RateSchedule.constant(5), 1, S, recording, inline, new Semaphore(8), 3, 1).run();

        assertThat(sequences.stream().flatMap(List::stream).toList()).containsExactly(1L, 4L, 7L, 10L, 13L);
    }

    @Test
    void eventsBeyondTheInFlightLimitAreMissedNotQueued() {
        List<Runnable> hung = new ArrayList<>();
        Executor neverAnswers = hung::add;

        stream(RateSchedule.constant(100), 1, 2 * S, recording, neverAnswers, new Semaphore(3), 1, 0).run();

        SignalResults results = recorder.results();
        assertThat(hung).as("requests in flight stay bounded").hasSize(3);
        assertThat(results.attempted()).isEqualTo(3);
        assertThat(results.missed()).isEqualTo(197);
        assertThat(results.attempted() + results.missed()).isEqualTo(200);
    }

    @Test
    void aStreamThatFallsBehindCountsTheLateSlotsAsMissed() {
        Channel stalling = new Channel() {
            @Override
            public DeliveryResult send(Batch<?> batch) {
                if ((Long) batch.events().getFirst() == 10) {
                    pacing.advanceTo(pacing.nanoTime() + 2 * S); // this machine stalls for 2 s
                }
                return recording.send(batch);
            }

            @Override
            public void close() {
            }
        };

        stream(RateSchedule.constant(10), 1, 5 * S, stalling, inline, new Semaphore(8), 1, 0).run();

        SignalResults results = recorder.results();
        assertThat(results.attempted() + results.missed()).isEqualTo(50);
        // at 3 s, events 11..24 (due before 2.5 s) are more than 0.5 s late; 25 onwards still go out
        assertThat(results.missed()).as("slots more than 0.5 s late are skipped").isEqualTo(14);
        assertThat(sequences.get(11)).containsExactly(25L);
        assertThat(sentAt).allSatisfy(t -> assertThat(t).isLessThan(5 * S));
    }

    @Test
    void stopEndsTheStream() {
        SignalStream stream = stream(RateSchedule.constant(10), 1, 60 * S, recording, inline, new Semaphore(8), 1, 0);
        pacing.onAdvance = t -> {
            if (t >= 2 * S) {
                stream.stop();
            }
        };

        stream.run();
        Thread.interrupted(); // stop() interrupts the pacing thread, which is this one here

        assertThat(sentAt).as("nothing due at or after the stop is sent").hasSize(20);
        assertThat(recorder.results().missed()).isZero();
    }

    @Test
    void aRateChangeTakesEffectFromTheMomentItIsMade() {
        SignalStream stream = stream(RateSchedule.constant(10), 1, 4 * S, recording, inline, new Semaphore(8), 1, 0);
        pacing.onAdvance = t -> {
            if (t >= 2 * S && stream.rateAt(t) == 10) {
                stream.changeRate(50);
            }
        };

        stream.run();

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

        stream(RateSchedule.constant(10), 2, S, refusing, inline, new Semaphore(8), 1, 0).run();

        SignalResults results = recorder.results();
        assertThat(results.failed()).isEqualTo(10);
        assertThat(results.sent()).isZero();
        assertThat(results.statusCodes()).containsEntry("503", 5L);
        assertThat(results.errors()).containsEntry("http-503", 5L);
    }

    private static List<Long> range(long from, long to) {
        List<Long> values = new ArrayList<>();
        for (long v = from; v < to; v++) {
            values.add(v);
        }
        return values;
    }
}
