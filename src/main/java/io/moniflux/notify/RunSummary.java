package io.moniflux.notify;

import java.text.NumberFormat;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.loadtest.RunSnapshot;
import io.moniflux.loadtest.RunStatus;
import io.moniflux.loadtest.TestRun;
import io.moniflux.results.CapacityResult;
import io.moniflux.results.EndReason;
import io.moniflux.results.Replay;
import io.moniflux.results.ThresholdResult;
import io.moniflux.results.Verification;

/**
 * What a webhook is told about a run that ended: the JSON body, or the text of a Slack message. Its
 * figures are the run's {@link RunSnapshot}, as every other view shows them.
 *
 * @param seconds how long the run was active
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunSummary(String event, String testID, String runID, int runNumber, RunStatus status, String reason,
        Instant startedAt, Instant endedAt, double seconds, String destination, Map<String, SignalSummary> signals,
        List<ThresholdResult> thresholds, CapacityResult capacity, Verification verification, String bottleneck,
        List<Replay> replays, String report) {

    /**
     * @param targetRate   events per second asked for, on average over the run
     * @param achievedRate events per second accepted, on average over the run
     */
    record SignalSummary(double targetRate, double achievedRate, long sent, long failed, long missed, long generatorMissed,
            double p50, double p99) {
    }

    /** Which of the webhook events this end of a run is. */
    static String event(TestRun run) {
        return switch (run.status()) {
            case Cancelled -> "run.cancelled";
            case Failed -> run.endReason() instanceof EndReason.ThresholdAborted ? "run.aborted" : "run.failed";
            default -> run.spec().capacity() != null ? "capacity.finished" : "run.completed";
        };
    }

    static RunSummary of(RunSnapshot snapshot) {
        TestRun run = snapshot.run();
        Map<String, SignalSummary> signals = new TreeMap<>();
        snapshot.signals().forEach((signal, s) -> signals.put(signal, new SignalSummary(s.targetRate(), s.achievedRate(),
                s.results().sent(), s.results().failed(), s.results().missed(), s.results().generatorMissed(),
                s.results().latency().p50(),
                s.results().latency().p99())));
        return new RunSummary(event(run), run.testID(), run.runID(), run.number(), run.status(),
                run.endReason() == null ? null : run.endReason().describe(), run.startedAt(), run.endedAt(), snapshot.elapsed(),
                run.spec().destination().type(), signals,
                snapshot.results().thresholds().isEmpty() ? null : snapshot.results().thresholds(), snapshot.results().capacity(),
                run.verification(), snapshot.bottleneck(), snapshot.replays().isEmpty() ? null : snapshot.replays(), "/tests/" + run.testID() + "/runs/" + run.runID() + "/report");
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
        if (reason != null && status != RunStatus.Completed) {
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
        if (bottleneck != null) {
            text.append("\n• ").append(bottleneck);
        }
        if (replays != null) {
            replays.forEach(replay -> text.append("\n• ").append(replay.describe()));
        }
        if (verification != null) {
            text.append("\n• verification: ").append(verification.status().key());
            if (verification.signals() != null) {
                verification.signals().forEach((signal, v) -> text.append("\n    ").append(signal).append(": ")
                        .append(v.verified() == null ? "not verifiable (" + v.reason() + ")"
                                : format(v.verified()) + " of " + format(v.sent()) + " held, " + format(v.lossRatio() * 100) + " % lost"));
            }
        }
        return text.toString();
    }

    private static String format(double value) {
        NumberFormat format = NumberFormat.getNumberInstance(Locale.ENGLISH);
        format.setMaximumFractionDigits(2);
        return format.format(value);
    }
}
