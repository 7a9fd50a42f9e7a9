package io.moniflux.results;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.HdrHistogram.Histogram;

import io.moniflux.observe.ObservedValue;
import io.moniflux.observe.SeriesSelector;

/**
 * Evaluates thresholds once a second over sliding windows of the seconds a run part closes, keeps
 * each one's worst value and first breach, and reports the first breach of a threshold that aborts.
 * A window is evaluated once it is full; a run shorter than a window gets one evaluation of all its
 * seconds at the end.
 */
public final class ThresholdMonitor {

    /** One closed second of one signal: its timeline point and the latency of the answers in it. */
    public record Sample(TimelinePoint point, Histogram latency) {
    }

    /** A breach that stops the run. */
    public record Breach(String threshold, double value, long second) {

        public EndReason.ThresholdAborted reason() {
            return new EndReason.ThresholdAborted(threshold, round(value), second);
        }
    }

    private final List<Threshold> thresholds;
    private final List<State> states = new ArrayList<>();
    private final Deque<Second> seconds = new ArrayDeque<>();
    private final int longestWindow;
    private boolean finalEvaluated;

    private record Second(long second, Map<String, Sample> samples) {
    }

    private static final class State {
        Double worst;
        Long breachedAt;
        boolean aborted;
        long windows;
    }

    public ThresholdMonitor(List<Threshold> thresholds) {
        this.thresholds = List.copyOf(thresholds);
        this.thresholds.forEach(t -> states.add(new State()));
        this.longestWindow = this.thresholds.stream().mapToInt(Threshold::window).max().orElse(1);
    }

    public boolean isEmpty() {
        return thresholds.isEmpty();
    }

    /**
     * Takes one closed second (per signal) and evaluates every threshold whose window is full.
     *
     * @return the first breach of an aborting threshold past its delay, if this second brought one
     */
    public synchronized Optional<Breach> observe(long second, Map<String, Sample> samples) {
        seconds.addLast(new Second(second, Map.copyOf(samples)));
        while (seconds.size() > longestWindow) {
            seconds.removeFirst();
        }
        Breach breach = null;
        for (int i = 0; i < thresholds.size(); i++) {
            Threshold threshold = thresholds.get(i);
            if (seconds.size() < threshold.window()) {
                continue;
            }
            Double value = evaluate(threshold, last(threshold.window()));
            Breach found = record(i, value, second);
            if (breach == null && found != null) {
                breach = found;
            }
        }
        return Optional.ofNullable(breach);
    }

    /** Each threshold's verdict so far; at the end of a run shorter than a window, over all its seconds. */
    public synchronized List<ThresholdResult> results() {
        List<ThresholdResult> results = new ArrayList<>();
        for (int i = 0; i < thresholds.size(); i++) {
            Threshold t = thresholds.get(i);
            State s = states.get(i);
            results.add(new ThresholdResult(t.name(), t.metric().key(), t.signal(), t.bound(), s.breachedAt == null,
                    s.worst == null ? null : round(s.worst), s.breachedAt, s.aborted, s.windows));
        }
        return results;
    }

    /** The run part ended: thresholds that never had a full window are judged on every second there was. */
    public synchronized void finish() {
        if (finalEvaluated || seconds.isEmpty()) {
            return;
        }
        finalEvaluated = true;
        long lastSecond = seconds.getLast().second();
        for (int i = 0; i < thresholds.size(); i++) {
            if (states.get(i).windows == 0) {
                record(i, evaluate(thresholds.get(i), List.copyOf(seconds)), lastSecond);
            }
        }
    }

    private Breach record(int index, Double value, long second) {
        if (value == null) {
            return null;
        }
        Threshold threshold = thresholds.get(index);
        State state = states.get(index);
        state.windows++;
        boolean higherIsWorse = threshold.higherIsWorse();
        if (state.worst == null || (higherIsWorse ? value > state.worst : value < state.worst)) {
            state.worst = value;
        }
        if (!threshold.breachedBy(value)) {
            return null;
        }
        boolean first = state.breachedAt == null;
        if (first) {
            state.breachedAt = second;
        }
        if (threshold.aborts() && second >= threshold.delay() && !state.aborted && !finalEvaluated) {
            state.aborted = true;
            return new Breach(threshold.name(), value, second);
        }
        return null;
    }

    private List<Second> last(int window) {
        List<Second> all = List.copyOf(seconds);
        return all.subList(Math.max(0, all.size() - window), all.size());
    }

    /** The threshold's value over these seconds (per second, per signal); null when they hold nothing to judge. */
    public static Double valueOver(Threshold threshold, List<Map<String, Sample>> seconds) {
        return evaluate(threshold, seconds.stream().map(samples -> new Second(0, samples)).toList());
    }

    static Double evaluate(Threshold threshold, List<Second> window) {
        if (threshold.metric() == Threshold.Metric.OBSERVED) {
            return sustained(threshold, window);
        }
        long sent = 0;
        long failed = 0;
        long attempted = 0;
        long missed = 0;
        long generatorMissed = 0;
        double target = 0;
        Histogram latency = null;
        for (Second second : window) {
            for (Map.Entry<String, Sample> entry : second.samples().entrySet()) {
                if (threshold.signal() != null && !threshold.signal().equals(entry.getKey())) {
                    continue;
                }
                TimelinePoint point = entry.getValue().point();
                sent += point.sent();
                failed += point.failed();
                attempted += point.attempted();
                missed += point.missed();
                generatorMissed += point.generatorMissed();
                target += point.targetRate();
                Histogram h = entry.getValue().latency();
                if (threshold.metric() == Threshold.Metric.LATENCY && h != null && h.getTotalCount() > 0) {
                    if (latency == null) {
                        latency = Histograms.empty();
                    }
                    latency.add(h);
                }
            }
        }
        return switch (threshold.metric()) {
            case ERROR_RATE -> sent + failed == 0 ? null : (double) failed / (sent + failed);
            // what MoniFlux itself could not generate is not the destination's fault: it counts for neither
            case MISSED_RATE -> attempted + missed == 0 ? null : (double) (missed - generatorMissed) / (attempted + missed);
            case ACHIEVED_RATIO -> target - generatorMissed <= 0 ? null : sent / (target - generatorMissed);
            case LATENCY -> latency == null ? null : latency.getValueAtPercentile(threshold.percentile()) / 1000.0;
            case OBSERVED -> throw new IllegalStateException("judged by sustained()");
        };
    }

    /**
     * An observed series' level held for a whole window: per second the sum of the series the selector
     * matches, then over every run of {@code window} seconds that have a value, the least of them (for a
     * max; the most, for a min); the worst of those. A series that crosses its bound for a moment is no
     * breach; one that stays across it for the window is. Seconds with no scrape are left out.
     */
    private static Double sustained(Threshold threshold, List<Second> seconds) {
        SeriesSelector selector = SeriesSelector.parse(threshold.series());
        List<Double> levels = new ArrayList<>();
        for (Second second : seconds) {
            Double level = null;
            for (Sample sample : second.samples().values()) {
                for (ObservedValue value : sample.point().observed()) {
                    if (selector.matchesSeries(value.series())) {
                        level = (level == null ? 0 : level) + value.value();
                    }
                }
            }
            if (level != null) {
                levels.add(level);
            }
        }
        if (levels.isEmpty()) {
            return null;
        }
        int window = Math.min(threshold.window(), levels.size());
        Double worst = null;
        for (int from = 0; from + window <= levels.size(); from++) {
            List<Double> run = levels.subList(from, from + window);
            double held = threshold.higherIsWorse() ? run.stream().mapToDouble(Double::doubleValue).min().orElseThrow()
                    : run.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            if (worst == null || (threshold.higherIsWorse() ? held > worst : held < worst)) {
                worst = held;
            }
        }
        return worst;
    }

    static double round(double value) {
        return Math.round(value * 1_000_000) / 1_000_000.0;
    }
}
