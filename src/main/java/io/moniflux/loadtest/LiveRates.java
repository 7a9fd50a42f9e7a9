package io.moniflux.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.moniflux.telemetry.Signal;

/**
 * Changes the rates of a running test without restarting it. A change belongs to the run: from that
 * moment to the end of the run the signal holds the new rate, which replaces what remains of its
 * stages; the test's stored definition stays as it was (edit it with restart-test).
 */
@Service
public class LiveRates {

    private static final Logger log = LoggerFactory.getLogger(LiveRates.class);

    private final LoadTestStore tests;
    private final RunStore runs;
    private final LoadTestLimits limits;
    private final Caps caps;
    private final ApplicationEventPublisher events;

    LiveRates(LoadTestStore tests, RunStore runs, LoadTestLimits limits, Caps caps, ApplicationEventPublisher events) {
        this.tests = tests;
        this.runs = runs;
        this.limits = limits;
        this.caps = caps;
        this.events = events;
    }

    /** New rates for the test's running run; absent rates stay. A signal the run does not generate cannot be started. */
    public TestRun change(String testID, Double logRate, Double metricsRate, Double traceRate) {
        LoadTest test = tests.find(testID).orElseThrow(() -> new TestNotFoundException(testID));
        if (!Action.CHANGE_RATES.allowedFrom(test.status()) || test.currentRunId() == null) {
            throw Action.CHANGE_RATES.refusal(test);
        }
        TestRun changed = Conflicts.retry("Run of test '" + testID + "'", () -> {
            TestRun run = runs.find(test.currentRunId()).orElseThrow(() -> Action.CHANGE_RATES.refusal(test));
            Map<String, Double> rates = rates(run, logRate, metricsRate, traceRate);
            return caps.taking(testID, run.userID(), rates.values().stream().mapToDouble(Double::doubleValue).sum(),
                    () -> runs.save(run.changeRates(rates)));
        });
        log.info("Test {} run {}: rates changed to {}", testID, changed.runID(), changed.rates());
        events.publishEvent(new RunRatesChanged(changed.runID(), testID, changed.rates(), changed.ratesVersion()));
        return changed;
    }

    private Map<String, Double> rates(TestRun run, Double logRate, Double metricsRate, Double traceRate) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Double> rates = new TreeMap<>(run.rates());
        change(rates, run, Signal.LOGS, "logRate", logRate, violations);
        change(rates, run, Signal.METRICS, "metricsRate", metricsRate, violations);
        change(rates, run, Signal.TRACES, "traceRate", traceRate, violations);
        if (logRate == null && metricsRate == null && traceRate == null) {
            violations.add(new Violation("logRate", "required", "give at least one of logRate, metricsRate, traceRate"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidTestException(violations);
        }
        return rates;
    }

    private void change(Map<String, Double> rates, TestRun run, Signal signal, String field, Double rate,
            List<Violation> violations) {
        if (rate == null) {
            return;
        }
        if (!Double.isFinite(rate) || rate < 0) {
            violations.add(new Violation(field, "invalid-rate", field + " must be a number of events per second, 0 or more"));
        } else if (rate > limits.maxRate()) {
            violations.add(new Violation(field, "cap-exceeded", field + " " + rate + " is over the cap of " + limits.maxRate()
                    + " events per second per signal of a test (MONIFLUX_LIMITS_MAX_RATE)"));
        } else if (!rates.containsKey(signal.key())) {
            violations.add(new Violation(field, "signal-not-running",
                    "this run does not generate " + signal.key() + "; restart the test to add them"));
        } else if (run.spec().searches(signal)) {
            violations.add(new Violation(field, "capacity-search", "the capacity search sets " + signal.key()
                    + "' rate; change the other signals' rates, or cancel the search"));
        } else {
            rates.put(signal.key(), rate);
        }
    }
}
