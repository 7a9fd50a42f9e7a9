package io.moniflux.watch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.observe.ObservedValue;
import io.moniflux.observe.TargetStatus;
import io.moniflux.results.ThresholdResult;

/**
 * What the live stream says about a test at one moment: a second of its running run, its final
 * results, or that it waits for a run.
 *
 * @param status     the run's status (the test's while it waits)
 * @param second     on a progress frame, the second of the run it shows (from 0); on the end frame the
 *                   run's last second; absent before the first second is complete
 * @param elapsed    seconds the run has been active
 * @param signals    per signal, keyed logs, metrics, traces
 * @param endReason  why a run ended (cancelled, failed...), on the end frame
 * @param thresholds each threshold's verdict, on the end frame
 * @param capacity   the answer of a capacity search, on the end frame
 * @param bottleneck when MoniFlux itself could not keep up: since which second, and what to do
 * @param replays    what may have been sent twice after parts were taken over from replicas that stopped
 *                   without handing them over, one sentence per takeover and signal
 * @param cpu        cores the run's replica used in {@code second}
 * @param observed   the watched endpoints' series in {@code second}
 * @param observation how the scrapes of each watched endpoint have gone so far
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressFrame(
        Kind kind,
        String testID,
        String runID,
        Integer runNumber,
        String status,
        Long second,
        Double elapsed,
        Double remaining,
        Integer duration,
        Map<String, SignalFrame> signals,
        String endReason,
        Instant schedule,
        List<ThresholdResult> thresholds,
        String capacity,
        String bottleneck,
        List<String> replays,
        Double cpu,
        List<ObservedValue> observed,
        List<TargetStatus> observation,
        Instant at) {

    /** The SSE event name of each kind of frame. */
    public enum Kind {
        /** One second of a running run. */
        progress,
        /** The run ended: final counters; the stream closes after it. */
        end,
        /** No run yet: the test is pending or scheduled, or its run is being started. */
        waiting
    }

    boolean isEnd() {
        return kind == Kind.end;
    }

    /**
     * One signal. On progress frames the rates and latency are those of {@code second}, the counters
     * those of the run so far; on the end frame the rates are the averages over the run and the latency
     * that of the whole run.
     *
     * @param targetRate   events per second asked for
     * @param achievedRate events per second the destination accepted
     * @param p50          latency in milliseconds; absent when no response came in that second
     * @param generatorMissed of the missed events, those MoniFlux itself could not generate in time
     * @param samples      of metrics, the series values of the points sent so far; absent for logs and traces
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SignalFrame(double targetRate, double achievedRate, long attempted, long sent, long failed, long missed,
            long generatorMissed, Double p50, Double p99, @JsonInclude(JsonInclude.Include.NON_NULL) Long samples) {
    }
}
