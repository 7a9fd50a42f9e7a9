package io.moniflux.loadtest;

/**
 * Where a test is in its life. The constants are spelt exactly as the Go service wrote them, since
 * the frontend compares these strings. Which actions each allows is {@code Action}'s to say.
 */
public enum TestStatus {
    Pending, Scheduled, Running, Completed, Cancelled, Failed
}
