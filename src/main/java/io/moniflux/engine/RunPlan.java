package io.moniflux.engine;

import java.time.Duration;
import java.util.List;

import io.moniflux.delivery.Destination;
import io.moniflux.observe.ObservePlan;
import io.moniflux.results.CapacityResult;
import io.moniflux.results.Threshold;
import io.moniflux.telemetry.PayloadOptions;
import io.moniflux.telemetry.RunMarker;

/**
 * Everything the engine needs to run one part of a run.
 *
 * @param marker     test, run and part, stamped on every event
 * @param workers    parts of the run; sequence numbers interleave across them
 * @param alreadyRun how much of the duration earlier owners of this part already ran (failover); negative
 *                   for a run launched ahead of its start, which begins that much later (a schedule)
 * @param maxInFlight requests in flight at once to the destination, per signal of this part
 * @param thresholds  pass/fail criteria, judged on this part's seconds
 * @param capacity    a capacity search driving one signal's rate; null for a fixed load
 * @param capacitySoFar the steps of the search that earlier owners of this part made (failover); null
 *                    for none
 * @param observe     the metrics endpoints this part watches (the run's first part watches them all)
 */
public record RunPlan(
        RunMarker marker,
        int workers,
        List<StreamPlan> streams,
        Destination destination,
        String logType,
        int logSize,
        PayloadOptions payload,
        Duration duration,
        Duration alreadyRun,
        int maxInFlight,
        List<Threshold> thresholds,
        CapacityPlan capacity,
        CapacityResult capacitySoFar,
        List<ObservePlan> observe) {

    public RunPlan {
        streams = List.copyOf(streams);
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        alreadyRun = alreadyRun == null ? Duration.ZERO : alreadyRun;
        observe = observe == null ? List.of() : List.copyOf(observe);
    }

    public String key() {
        return marker.runID() + "#" + marker.part();
    }
}
