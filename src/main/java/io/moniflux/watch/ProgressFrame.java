package io.moniflux.watch;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.loadtest.TestStatus;

/**
 * What the live stream says about a test at one moment: a second of its running run, its final
 * results, or that it waits for a run.
 *
 * @param second    the last second of the run every part has reported (from 0); absent before the first
 * @param elapsed   seconds of the run done
 * @param signals   per signal, keyed logs, metrics, traces
 * @param endReason why a run ended (cancelled, failed...), on the final frame
 * @param thresholds each threshold's verdict, on the final frame
 * @param capacity   the answer of a capacity search, on the final frame
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressFrame(
        Kind kind,
        String testID,
        String runID,
        Integer runNumber,
        TestStatus status,
        Long second,
        Double elapsed,
        Double remaining,
        Integer duration,
        Map<String, SignalFrame> signals,
        String endReason,
        Instant schedule,
        java.util.List<io.moniflux.results.ThresholdResult> thresholds,
        String capacity,
        Instant at) {

    /** The SSE event name of each kind of frame. */
    public enum Kind {
        /** One second of a running run. */
        progress,
        /** The run ended: final counters; the stream closes after it. */
        end,
        /** No run yet: the test is pending or scheduled. */
        waiting
    }

    boolean isEnd() {
        return kind == Kind.end;
    }

    /**
     * One signal. On progress frames the rates and latency are those of {@code second}, the counters
     * those of the run so far; on the end frame the rate is the average over the run and the latency
     * that of the whole run.
     *
     * @param targetRate   events per second asked for
     * @param achievedRate events per second the destination accepted
     * @param p50          latency in milliseconds; absent when no response came in that second
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SignalFrame(double targetRate, double achievedRate, long attempted, long sent, long failed, long missed,
            Double p50, Double p99) {
    }
}
