package io.moniflux.loadtest;

import io.moniflux.results.EndReason;
import io.moniflux.results.RunResults;

/**
 * What one part of a run did, as its last owner reported it when it finished.
 *
 * @param reason why it stopped: it ran its duration, a threshold aborted it, it was asked to stop, it
 *               failed...
 */
public record PartOutcome(RunResults results, EndReason reason, long elapsedMillis) {

    public PartOutcome {
        results = results == null ? RunResults.EMPTY : results;
        reason = reason == null ? EndReason.COMPLETED : reason;
    }
}
