package io.moniflux.loadtest;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a test is in its life. The constants are spelt exactly as the Go service wrote them, since
 * the frontend compares these strings.
 */
public enum TestStatus {
    Pending, Scheduled, Running, Completed, Cancelled, Failed;

    /** Statuses from which a new run may start. */
    static final Set<TestStatus> STARTABLE = EnumSet.of(Pending, Scheduled, Completed, Cancelled, Failed);

    /** Statuses from which a test may be scheduled (again). */
    static final Set<TestStatus> SCHEDULABLE = EnumSet.of(Pending, Scheduled, Completed, Cancelled, Failed);

    public boolean isFinished() {
        return this == Completed || this == Cancelled || this == Failed;
    }
}
