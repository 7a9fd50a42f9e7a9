package io.moniflux.loadtest;

import java.util.EnumSet;
import java.util.Set;

/** What a user can ask of a test, with the statuses that allow it and the refusal when it is not. */
enum Action {
    START("test-already-running", EnumSet.of(TestStatus.Pending, TestStatus.Scheduled, TestStatus.Completed,
            TestStatus.Cancelled, TestStatus.Failed)),
    RESTART("test-not-restartable", EnumSet.of(TestStatus.Pending, TestStatus.Running, TestStatus.Completed,
            TestStatus.Cancelled, TestStatus.Failed)),
    SCHEDULED_START("test-not-scheduled", EnumSet.of(TestStatus.Scheduled)),
    SCHEDULE("test-not-schedulable", EnumSet.of(TestStatus.Pending, TestStatus.Scheduled, TestStatus.Completed,
            TestStatus.Cancelled, TestStatus.Failed)),
    CANCEL("test-not-cancellable", EnumSet.of(TestStatus.Running, TestStatus.Scheduled)),
    CHANGE_RATES("test-not-running", EnumSet.of(TestStatus.Running)),
    DELETE("test-not-deletable", EnumSet.of(TestStatus.Pending, TestStatus.Completed, TestStatus.Cancelled,
            TestStatus.Failed));

    private final String code;
    private final Set<TestStatus> allowedFrom;

    Action(String code, Set<TestStatus> allowedFrom) {
        this.code = code;
        this.allowedFrom = allowedFrom;
    }

    boolean allowedFrom(TestStatus status) {
        return allowedFrom.contains(status);
    }

    /** The refusal of this action on a test in its current state. */
    TestConflictException refusal(LoadTest test) {
        String id = test.testID();
        return new TestConflictException(code, switch (this) {
            case START -> "Test '" + id + "' is already running (run " + test.currentRunId() + "); cancel or restart it instead.";
            case RESTART -> "Test '" + id + "' is " + test.status() + "; cancel its schedule or use start-test.";
            case SCHEDULED_START -> "Test '" + id + "' is " + test.status() + "; it is no longer scheduled.";
            case SCHEDULE -> "Test '" + id + "' is " + test.status() + "; only a test that is not running can be scheduled.";
            case CANCEL -> "Test '" + id + "' is " + test.status() + "; only a Running or Scheduled test can be cancelled.";
            case CHANGE_RATES -> "Test '" + id + "' is " + test.status() + "; rates can only be changed while it runs.";
            case DELETE -> "Test '" + id + "' is " + test.status() + "; cancel it before deleting it.";
        });
    }
}
