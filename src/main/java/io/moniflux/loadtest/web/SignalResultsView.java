package io.moniflux.loadtest.web;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.loadtest.RunSnapshot;
import io.moniflux.results.Latency;
import io.moniflux.results.SignalResults;
import io.moniflux.telemetry.Signal;

/**
 * Results of one signal as the API shows them; latency in milliseconds.
 *
 * @param missedBy     the missed events by cause: the destination could not take them, or MoniFlux itself
 *                     could not generate them in time
 * @param targetRate   events per second asked for, on average over the elapsed time
 * @param achievedRate events accepted per second over the elapsed time
 * @param samples      of metrics, the series values of the accepted points ({@code sent} counts points);
 *                     absent for logs and traces
 */
record SignalResultsView(long attempted, long sent, @JsonInclude(JsonInclude.Include.NON_NULL) Long samples, long failed,
        long missed, Map<String, Long> missedBy, long bytes, long requests, double targetRate, double achievedRate,
        Map<String, Long> statusCodes, Map<String, Long> errors, Latency latency, Latency serviceTime) {

    static Map<String, Long> missedBy(SignalResults r) {
        return Map.of("destination", r.destinationMissed(), "generator", r.generatorMissed());
    }

    static SignalResultsView of(String key, RunSnapshot.SignalSnapshot signal) {
        SignalResults r = signal.results();
        return new SignalResultsView(r.attempted(), r.sent(), Signal.METRICS.key().equals(key) ? r.samples() : null, r.failed(), r.missed(), missedBy(r), r.bytes(), r.requests(),
                signal.targetRate(), signal.achievedRate(), r.statusCodes(), r.errors(), r.latency(), r.serviceTime());
    }
}
