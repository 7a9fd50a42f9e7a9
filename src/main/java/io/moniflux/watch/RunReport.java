package io.moniflux.watch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.loadtest.RunStatus;
import io.moniflux.observe.TargetStatus;
import io.moniflux.results.CapacityResult;
import io.moniflux.results.Latency;
import io.moniflux.results.Replay;
import io.moniflux.results.ThresholdResult;
import io.moniflux.results.TimelinePoint;
import io.moniflux.results.Verification;

/**
 * A run as one hands it to a team: what was asked, what got through, and each second of it.
 *
 * @param elapsed  seconds the run lasted (so far, while it runs)
 * @param signals  per signal: logs, metrics, traces
 * @param timeline one point per second and signal
 * @param thresholds each threshold's verdict
 * @param capacity the answer of a capacity search
 * @param verification what the backend said it holds
 * @param bottleneck when MoniFlux itself could not keep up: since which second, and what to do
 * @param replays  events that may have been sent twice, where a replica took a part over from an owner
 *                 that stopped without handing it over
 * @param observed the watched endpoints' series, each with its values per second (the timeline's points
 *                 leave them out here)
 * @param observation how the scrapes of each watched endpoint went
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunReport(
        String testID,
        String runID,
        int number,
        RunStatus status,
        Instant startedAt,
        Instant endedAt,
        String endReason,
        double elapsed,
        Definition definition,
        Map<String, SignalSummary> signals,
        List<TimelinePoint> timeline,
        List<ThresholdResult> thresholds,
        CapacityResult capacity,
        Verification verification,
        String bottleneck,
        List<Replay> replays,
        List<ObservedSeries> observed,
        List<TargetStatus> observation,
        Instant generatedAt) {

    /**
     * What the run was asked to do.
     *
     * @param batchSize          events per request, as given or the destination type's default
     * @param batchSizeDefaulted the test gave none, so the type's default applied
     */
    public record Definition(double logRate, int logSize, double metricsRate, double traceRate, int duration,
            int workers, Integer batchSize, boolean batchSizeDefaulted, String destinationType, String endpoint) {
    }

    /**
     * One signal's results.
     *
     * @param targetRate   events per second asked for, on average over the run's seconds
     * @param achievedRate events accepted per second over the elapsed time
     * @param missedBy     the missed events by cause: destination or generator (MoniFlux itself)
     * @param deliveredRatio sent / (attempted + missed): the share of what was due that the destination accepted
     * @param samples      of metrics, the series values of the accepted points ({@code sent} counts points)
     * @param latency      from each batch's intended send time to its response, in milliseconds
     * @param serviceTime  from the actual send to the response, in milliseconds
     */
    public record SignalSummary(double targetRate, double achievedRate, long attempted, long sent, Long samples, long failed,
            long missed,
            Map<String, Long> missedBy,
            long bytes, long requests, double deliveredRatio, Latency latency, Latency serviceTime,
            Map<String, Long> statusCodes, Map<String, Long> errors) {
    }
}
