package io.moniflux.loadtest.web;

import java.util.Map;
import java.util.TreeMap;

import io.moniflux.results.Latency;
import io.moniflux.results.RunResults;
import io.moniflux.results.SignalResults;

/**
 * Results of one signal as the API shows them; latency in milliseconds.
 *
 * @param achievedRate events accepted per second over the elapsed time
 */
record SignalResultsView(long attempted, long sent, long failed, long missed, long bytes, long requests,
        double achievedRate, Map<String, Long> statusCodes, Map<String, Long> errors, Latency latency, Latency serviceTime) {

    static SignalResultsView of(SignalResults results, double elapsedSeconds) {
        double achieved = elapsedSeconds <= 0 ? 0 : Math.round(results.sent() / elapsedSeconds * 100) / 100.0;
        return new SignalResultsView(results.attempted(), results.sent(), results.failed(), results.missed(),
                results.bytes(), results.requests(), achieved, results.statusCodes(), results.errors(), results.latency(),
                results.serviceTime());
    }

    static Map<String, SignalResultsView> of(RunResults results, double elapsedSeconds) {
        Map<String, SignalResultsView> views = new TreeMap<>();
        if (results != null) {
            results.signals().forEach((signal, value) -> views.put(signal, of(value, elapsedSeconds)));
        }
        return views;
    }
}
