package io.moniflux.notify;

import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.loadtest.TestRun;
import io.moniflux.loadtest.TestStatus;
import io.moniflux.results.CapacityResult;
import io.moniflux.results.SignalResults;
import io.moniflux.results.ThresholdMonitor;
import io.moniflux.results.ThresholdResult;
import io.moniflux.results.Verification;
import io.moniflux.telemetry.Signal;

/** What a webhook is told about a run that ended: the JSON body, or the text of a Slack message. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunSummary(String event, String testID, String runID, int runNumber, TestStatus status, String reason,
        Instant startedAt, Instant endedAt, double seconds, String destination, Map<String, SignalSummary> signals,
        List<ThresholdResult> thresholds, CapacityResult capacity, Verification verification, String report) {

    record SignalSummary(double targetRate, double achievedRate, long sent, long failed, long missed, double p50, double p99) {
    }

    /** Which of the webhook events this end of a run is. */
    static String event(TestRun run) {
        if (run.status() == TestStatus.Cancelled) {
            return "run.cancelled";
        }
        if (run.status() == TestStatus.Failed) {
            return run.endReason() != null && run.endReason().startsWith(ThresholdMonitor.ABORT_REASON) ? "run.aborted" : "run.failed";
        }
        return run.results() != null && run.results().capacity() != null ? "capacity.finished" : "run.completed";
    }

    static RunSummary of(TestRun run) {
        double seconds = run.startedAt() == null || run.endedAt() == null ? 0
                : Duration.between(run.startedAt(), run.endedAt()).toMillis() / 1000.0;
        Map<String, SignalSummary> signals = new TreeMap<>();
        for (Signal signal : run.spec().signals()) {
            SignalResults r = run.results() == null ? SignalResults.EMPTY : run.results().signal(signal.key());
            signals.put(signal.key(), new SignalSummary(run.spec().rate(signal),
                    seconds <= 0 ? 0 : Math.round(r.sent() / seconds * 100) / 100.0, r.sent(), r.failed(), r.missed(),
                    r.latency().p50(), r.latency().p99()));
        }
        return new RunSummary(event(run), run.testID(), run.runID(), run.number(), run.status(), run.endReason(),
                run.startedAt(), run.endedAt(), seconds, run.spec().destination().type(), signals,
                run.results() == null || run.results().thresholds().isEmpty() ? null : run.results().thresholds(),
                run.results() == null ? null : run.results().capacity(), run.verification(),
                "/tests/" + run.testID() + "/runs/" + run.runID() + "/report");
    }

    /** A Slack (or Mattermost, Teams workflow...) message: one line of outcome, one per signal and verdict. */
    String slackText() {
        StringBuilder text = new StringBuilder("*MoniFlux* run ").append(runNumber).append(" of `").append(testID).append("` ")
                .append(switch (event) {
                    case "run.aborted" -> "*aborted*";
                    case "run.failed" -> "*failed*";
                    case "run.cancelled" -> "*was cancelled*";
                    case "capacity.finished" -> "*found its capacity*";
                    default -> "*completed*";
                }).append(" after ").append(format(seconds)).append(" s against ").append(destination);
        if (reason != null && status != TestStatus.Completed) {
            text.append("\n> ").append(reason);
        }
        signals.forEach((signal, s) -> text.append("\n• ").append(signal).append(": ").append(format(s.achievedRate()))
                .append("/s of ").append(format(s.targetRate())).append(" — ").append(format(s.sent())).append(" sent, ")
                .append(format(s.failed())).append(" failed, ").append(format(s.missed())).append(" missed, p99 ")
                .append(format(s.p99())).append(" ms"));
        if (thresholds != null) {
            long failed = thresholds.stream().filter(t -> !t.passed()).count();
            text.append("\n• thresholds: ").append(thresholds.size() - failed).append(" passed, ").append(failed).append(" failed");
            thresholds.stream().filter(t -> !t.passed()).forEach(t -> text.append("\n    ✗ ").append(t.threshold())
                    .append(t.worst() == null ? "" : " (worst " + format(t.worst()) + ")"));
        }
        if (capacity != null) {
            text.append("\n• ").append(capacity.summary());
        }
        if (verification != null && verification.signals() != null) {
            verification.signals().forEach((signal, v) -> text.append("\n• verified ").append(signal).append(": ")
                    .append(v.verified() == null ? "not verifiable (" + v.reason() + ")"
                            : format(v.verified()) + " of " + format(v.sent()) + " held, " + format(v.lossRatio() * 100) + " % lost"));
        }
        return text.toString();
    }

    private static String format(double value) {
        NumberFormat format = NumberFormat.getNumberInstance(Locale.ENGLISH);
        format.setMaximumFractionDigits(2);
        return format.format(value);
    }
}
