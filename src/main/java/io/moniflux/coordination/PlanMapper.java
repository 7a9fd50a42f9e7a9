package io.moniflux.coordination;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.moniflux.engine.CapacityPlan;
import io.moniflux.engine.RunPlan;
import io.moniflux.engine.Stage;
import io.moniflux.engine.StreamPlan;
import io.moniflux.loadtest.CapacitySpec;
import io.moniflux.loadtest.ObserveSpec;
import io.moniflux.loadtest.Payload;
import io.moniflux.loadtest.TestRun;
import io.moniflux.loadtest.TestSpec;
import io.moniflux.loadtest.ThresholdSpec;
import io.moniflux.results.RateChange;
import io.moniflux.results.SignalResults;
import io.moniflux.observe.ObservePlan;
import io.moniflux.observe.Presets;
import io.moniflux.observe.SeriesSelector;
import io.moniflux.telemetry.Churn;
import io.moniflux.telemetry.LogShape;
import io.moniflux.telemetry.PayloadOptions;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.Signal;
import io.moniflux.telemetry.TraceShape;

/** Turns a run part into what the engine executes: each signal's rate and stages divided among the workers. */
final class PlanMapper {

    private PlanMapper() {
    }

    static RunPlan plan(TestRun run, RunPart part, Instant now) {
        TestSpec spec = run.spec();
        int workers = part.workers();
        List<StreamPlan> streams = new ArrayList<>();
        for (Signal signal : spec.signals()) {
            List<Stage> stages = spec.stages(signal).stream().map(stage -> new Stage(stage.duration(), stage.rate() / workers)).toList();
            List<RateChange> changes = new ArrayList<>(part.rateChanges() == null ? List.of()
                    : part.rateChanges().getOrDefault(signal.key(), List.of()));
            // a live change the earlier owner had not applied (or persisted) yet starts where this owner does; a
            // capacity search sets its signal's rate itself
            Double current = run.rates() == null ? null : run.rates().get(signal.key());
            boolean searched = spec.capacity() != null && spec.capacity().signal().equals(signal.key());
            if (run.ratesVersion() > 0 && current != null && !searched
                    && (changes.isEmpty() || changes.getLast().rate() != current / workers)) {
                changes.add(new RateChange(Math.max(part.elapsedMillis() * 1_000_000,
                        changes.isEmpty() ? 0 : changes.getLast().atNanos()), current / workers));
            }
            // earlier owners' counters say exactly where numbering goes on: no event twice after a clean handover
            SignalResults done = part.results() == null ? null : part.results().signals().get(signal.key());
            streams.add(new StreamPlan(signal, spec.rate(signal) / workers, stages, spec.batchSize() == null ? 0 : spec.batchSize(),
                    changes, done == null ? -1 : done.attempted() + done.missed()));
        }
        return new RunPlan(new RunMarker(run.testID(), run.runID(), part.index()), workers, streams, spec.destination(),
                spec.logType(), spec.logSize(), payload(spec.payload()), Duration.ofSeconds(spec.duration()),
                alreadyRun(run, part, now), spec.maxInFlight() == null ? 0 : spec.maxInFlight(),
                spec.thresholds().stream().map(ThresholdSpec::rule).toList(),
                capacity(spec.capacity()), part.results() == null ? null : part.results().capacity(),
                part.index() == 0 ? observe(spec.observe()) : List.of());
    }

    /** The watched endpoints as the engine scrapes them: the preset's series and the test's own. */
    static List<ObservePlan> observe(List<ObserveSpec> observe) {
        List<ObservePlan> plans = new ArrayList<>();
        for (ObserveSpec o : observe) {
            List<SeriesSelector> series = new ArrayList<>();
            if (o.preset() != null) {
                Presets.of(o.preset()).orElseThrow().forEach(selector -> series.add(SeriesSelector.parse(selector)));
            }
            o.series().forEach(selector -> series.add(SeriesSelector.parse(selector)));
            Map<String, String> headers = new LinkedHashMap<>();
            if (o.headers() != null) {
                o.headers().forEach((name, secret) -> headers.put(name, secret.value()));
            }
            plans.add(new ObservePlan(o.name(), URI.create(o.url()), headers, series, Duration.ofSeconds(o.intervalSeconds())));
        }
        return plans;
    }

    /** What earlier owners ran of the part; negative for a run launched ahead of its start (a schedule). */
    static Duration alreadyRun(TestRun run, RunPart part, Instant now) {
        if (part.elapsedMillis() == 0 && run.startedAt() != null && run.startedAt().isAfter(now)) {
            return Duration.between(run.startedAt(), now);
        }
        return Duration.ofMillis(part.elapsedMillis());
    }

    /** A validated capacity search (its defaults filled in) as the engine runs it. */
    static CapacityPlan capacity(CapacitySpec capacity) {
        if (capacity == null) {
            return null;
        }
        Signal signal = Arrays.stream(Signal.values()).filter(s -> s.key().equals(capacity.signal())).findFirst().orElseThrow();
        return new CapacityPlan(signal, capacity.start(), capacity.factor() == null ? 0 : capacity.factor(),
                capacity.increment() == null ? 0 : capacity.increment(), capacity.stepDuration(), capacity.warmup(),
                capacity.ceiling(), capacity.precision(), capacity.maxSteps());
    }

    static PayloadOptions payload(Payload payload) {
        if (payload == null) {
            return PayloadOptions.DEFAULTS;
        }
        return new PayloadOptions(payload.seed(),
                payload.entropy() == null ? PayloadOptions.DEFAULT_ENTROPY : payload.entropy(),
                payload.cardinality() == null ? PayloadOptions.DEFAULT_CARDINALITY : payload.cardinality(),
                payload.attributes(), Payload.metricKindsOf(payload), churn(payload.churn()), logs(payload.logs()),
                traces(payload.traces()));
    }

    private static Churn churn(Payload.ChurnSpec churn) {
        return churn == null ? Churn.NONE : new Churn(churn.mode(), churn.period() == null ? 0 : churn.period());
    }

    private static LogShape logs(Payload.LogsSpec logs) {
        return logs == null ? LogShape.DEFAULT : new LogShape(logs.format(), logs.stackTraceRatio() == null ? 0 : logs.stackTraceRatio(),
                logs.severity(), logs.templates());
    }

    private static TraceShape traces(Payload.TracesSpec traces) {
        if (traces == null) {
            return TraceShape.DEFAULT;
        }
        return new TraceShape(traces.depth() == null ? 0 : traces.depth(), traces.breadth() == null ? 0 : traces.breadth(),
                traces.errorRatio() == null ? TraceShape.DEFAULT_ERROR_RATIO : traces.errorRatio(),
                traces.spanEvents() == null ? 0 : traces.spanEvents(), traces.linkRatio() == null ? 0 : traces.linkRatio());
    }
}
