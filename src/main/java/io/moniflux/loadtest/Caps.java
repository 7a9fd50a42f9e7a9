package io.moniflux.loadtest;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import io.moniflux.telemetry.Signal;

/**
 * The caps on running tests and aggregate rate, per user and in all, checked together with the change
 * that takes a share of them (a start, a rate raise) through the {@link CapGate}, so that requests
 * racing each other on any replicas are counted one after the other. A running test counts at the rate
 * its run is asked for now: its live rates once changed, the peak of its definition otherwise.
 */
@Component
class Caps {

    private final RunStore runs;
    private final LoadTestLimits limits;
    private final CapGate gate;

    Caps(RunStore runs, LoadTestLimits limits, CapGate gate) {
        this.runs = runs;
        this.limits = limits;
        this.gate = gate;
    }

    /** Does {@code change} if a run of {@code testID} at {@code rate} keeps every cap; refuses otherwise. */
    <T> T taking(String testID, String userID, double rate, Supplier<T> change) {
        return gate.through(() -> {
            check(testID, userID, rate);
            return change.get();
        });
    }

    private void check(String testID, String userID, double rate) {
        List<CapShare.Held> running = runs.findCapShares().stream().filter(share -> !share.testID().equals(testID)).toList();
        List<CapShare.Held> users = running.stream().filter(share -> userID.equals(share.userID())).toList();
        double userRate = users.stream().mapToDouble(CapShare.Held::rate).sum();
        double totalRate = running.stream().mapToDouble(CapShare.Held::rate).sum();
        if (users.size() + 1 > limits.maxUserTests()) {
            throw new InvalidTestException("testID", "cap-exceeded", "user '" + userID + "' already runs " + users.size()
                    + " tests; the cap is " + limits.maxUserTests() + " running tests per user");
        }
        if (running.size() + 1 > limits.maxRunningTests()) {
            throw new InvalidTestException("testID", "cap-exceeded", running.size()
                    + " tests are running; the cap is " + limits.maxRunningTests() + " running tests in all");
        }
        if (userRate + rate > limits.maxUserRate()) {
            throw new InvalidTestException("logRate", "cap-exceeded", "user '" + userID + "' would run " + (userRate + rate)
                    + " events/s; the cap is " + limits.maxUserRate() + " events/s per user");
        }
        if (totalRate + rate > limits.maxTotalRate()) {
            throw new InvalidTestException("logRate", "cap-exceeded", "running tests would reach " + (totalRate + rate)
                    + " events/s; the cap is " + limits.maxTotalRate() + " events/s in all");
        }
    }

    /** What a running run takes of the caps: its live rates once changed, its definition's peak otherwise. */
    static double rate(TestRun run) {
        if (run.ratesVersion() == 0) {
            return run.spec().peakRate();
        }
        double total = 0;
        for (Signal signal : Signal.values()) {
            total += run.spec().searches(signal) && run.spec().capacity().ceiling() != null ? run.spec().capacity().ceiling()
                    : run.rates().getOrDefault(signal.key(), 0.0);
        }
        return total;
    }
}
