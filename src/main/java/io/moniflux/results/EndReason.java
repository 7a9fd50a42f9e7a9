package io.moniflux.results;

import java.util.List;

/**
 * Why a run, or one part's execution of it, stopped. A run ends with one of the terminal reasons; a
 * part may also stop because its replica shut down or lost its lease, and then another replica carries
 * it on, so those two never end a run.
 */
public sealed interface EndReason {

    /** How people read it; the API's {@code endReason}. */
    String describe();

    /** Whether a run can end for this reason (not a part's hand-over). */
    default boolean terminal() {
        return true;
    }

    /** It ran its whole duration. */
    record Completed() implements EndReason {
        @Override
        public String describe() {
            return "completed";
        }
    }

    /** A capacity search had its answer before the duration ran out. */
    record CapacityFound() implements EndReason {
        @Override
        public String describe() {
            return "capacity search finished";
        }
    }

    /** Cancelled by a request. */
    record Cancelled() implements EndReason {
        @Override
        public String describe() {
            return "cancelled";
        }
    }

    /** A restart replaced it with a new run. */
    record Restarted() implements EndReason {
        @Override
        public String describe() {
            return "restarted";
        }
    }

    /** A threshold that aborts broke: the run stopped at once. */
    record ThresholdAborted(String threshold, double value, long second) implements EndReason {
        @Override
        public String describe() {
            return "threshold breached: " + threshold + " was " + Threshold.number(value) + " at second " + second;
        }
    }

    /** It ran to its end, but thresholds failed. */
    record ThresholdsFailed(List<String> failed) implements EndReason {

        public ThresholdsFailed {
            failed = List.copyOf(failed);
        }

        @Override
        public String describe() {
            return "thresholds failed: " + String.join("; ", failed);
        }
    }

    /** It could not go on: the cause says why. */
    record Failed(String cause) implements EndReason {
        @Override
        public String describe() {
            return "failed: " + cause;
        }
    }

    /** The part's replica shut down and handed it back; another replica carries it on. */
    record Shutdown() implements EndReason {
        @Override
        public String describe() {
            return "shutdown";
        }

        @Override
        public boolean terminal() {
            return false;
        }
    }

    /** Another replica took the part over (this one could not renew its lease in time). */
    record LeaseLost() implements EndReason {
        @Override
        public String describe() {
            return "lease lost";
        }

        @Override
        public boolean terminal() {
            return false;
        }
    }

    EndReason COMPLETED = new Completed();
    EndReason CAPACITY_FOUND = new CapacityFound();
    EndReason CANCELLED = new Cancelled();
    EndReason RESTARTED = new Restarted();
    EndReason SHUTDOWN = new Shutdown();
    EndReason LEASE_LOST = new LeaseLost();
}
