package io.moniflux.loadtest;

/** Where a run is: running, or how it ended. Spelt as the API and the stored documents have them. */
public enum RunStatus {
    Running, Completed, Cancelled, Failed;

    public boolean ended() {
        return this != Running;
    }

    /** The test's status while this is its current run's. */
    TestStatus asTestStatus() {
        return switch (this) {
            case Running -> TestStatus.Running;
            case Completed -> TestStatus.Completed;
            case Cancelled -> TestStatus.Cancelled;
            case Failed -> TestStatus.Failed;
        };
    }
}
