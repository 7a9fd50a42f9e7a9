package io.moniflux.engine;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DeliveryCatalog;
import io.moniflux.delivery.GuardedHttp;
import io.moniflux.delivery.Protocol;
import io.moniflux.observe.Observer;
import io.moniflux.results.EndReason;
import io.moniflux.results.RateChange;
import io.moniflux.results.SignalRecorder;
import io.moniflux.telemetry.Generator;
import io.moniflux.telemetry.LogGenerator;
import io.moniflux.telemetry.MetricGenerator;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.TraceGenerator;

/**
 * Runs parts of runs on this replica: each signal of a part is a {@link SignalStream} whose workers,
 * on virtual threads, send its batches, at most {@code maxInFlight} at once.
 */
@Component
public class LoadEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadEngine.class);

    private final DeliveryCatalog catalog;
    private final EngineProperties properties;
    private final EngineMetrics metrics;
    private final Clock clock;
    private final Pacing pacing;
    private final ThreadFactory senders = Thread.ofVirtual().name("moniflux-send").factory();
    private final Executor sender = command -> senders.newThread(command).start();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("moniflux-ticker").daemon(true).factory());
    private final Map<String, RunExecution> executions = new ConcurrentHashMap<>();
    private final ProcessCpu cpu = new ProcessCpu();
    private final Observer.Pages pages;

    @Autowired
    public LoadEngine(DeliveryCatalog catalog, EngineProperties properties, EngineMetrics metrics, Clock clock, GuardedHttp http) {
        this(catalog, properties, metrics, clock, Pacing.SYSTEM, Observer.over(http));
    }

    LoadEngine(DeliveryCatalog catalog, EngineProperties properties, EngineMetrics metrics, Clock clock, Pacing pacing) {
        this(catalog, properties, metrics, clock, pacing, (plan, timeout) -> {
            throw new IOException("no metrics endpoints are reachable from this engine");
        });
    }

    LoadEngine(DeliveryCatalog catalog, EngineProperties properties, EngineMetrics metrics, Clock clock, Pacing pacing,
            Observer.Pages pages) {
        this.pages = pages;
        this.catalog = catalog;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
        this.pacing = pacing;
        scheduler.scheduleAtFixedRate(cpu::sample, 0, 1, TimeUnit.SECONDS);
    }

    /** Starts executing a run part; the returned execution's completion says when it ends. */
    public RunExecution start(RunPlan plan) {
        Protocol<?> protocol = catalog.get(plan.destination().type());
        RunMarker marker = plan.marker();
        long alreadyRun = plan.alreadyRun().toNanos();
        long start = pacing.nanoTime() - alreadyRun;
        long wallStart = epochNanos() - alreadyRun;
        int inFlight = plan.maxInFlight() > 0 ? plan.maxInFlight()
                : protocol.defaultMaxInFlight() > 0 ? protocol.defaultMaxInFlight() : properties.maxInFlight();
        ChannelSettings settings = new ChannelSettings(properties.connectTimeout(), properties.requestTimeout(), inFlight);
        List<SignalStream> streams = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        try {
            for (StreamPlan stream : plan.streams()) {
                Channel channel = catalog.open(plan.destination(), stream.signal(), settings);
                channels.add(channel);
                RateSchedule schedule = RateSchedule.of(stream.rate(), stream.stages());
                for (RateChange change : stream.changes()) {
                    schedule = schedule.withRateFrom(change.atNanos(), change.rate());
                }
                int batchSize = stream.batchSize() > 0 ? stream.batchSize() : protocol.defaultBatchSize();
                SignalRecorder recorder = new SignalRecorder(stream.signal().key());
                recorder.startAt(Math.max(0, plan.alreadyRun().toSeconds())); // negative: it starts later
                streams.add(new SignalStream(
                        new SignalStream.Load(stream.signal(), schedule, stream.changes(), batchSize, generator(plan, stream, wallStart)),
                        new SignalStream.Sending(channel, new Semaphore(inFlight), sender, recorder,
                                metrics.requests(plan.destination().type(), stream.signal())),
                        new SignalStream.Timing(pacing, start, wallStart, plan.duration().toNanos(), properties.maxLag().toNanos()),
                        new SignalStream.Numbering(marker, plan.workers(),
                                stream.eventsUsed() >= 0 ? stream.eventsUsed() : schedule.eventsDueBefore(alreadyRun))));
            }
        } catch (RuntimeException e) {
            channels.forEach(Channel::close);
            throw e;
        }
        Duration drainLimit = properties.requestTimeout().plus(properties.connectTimeout()).plusSeconds(1);
        Observer observer = new Observer(plan.observe(), pages, pacing::nanoTime, start, plan.key());
        RunExecution execution = new RunExecution(plan, streams, channels, pacing, start, drainLimit,
                properties.stopGrace(), properties.maxLag().toNanos(), metrics,
                () -> cpu.cores() == null ? Double.NaN : cpu.cores(), observer);
        if (executions.putIfAbsent(plan.key(), execution) != null) {
            channels.forEach(Channel::close);
            throw new IllegalStateException("run part " + plan.key() + " is already executing here");
        }
        execution.completion().whenComplete((outcome, failure) -> executions.remove(plan.key(), execution));
        execution.begin(scheduler);
        log.info("Executing {} ({} to {} {}, from {} s of {} s)", plan.key(),
                plan.streams().stream().map(s -> s.signal().key() + " " + s.rate() + "/s").toList(),
                plan.destination().type(), plan.destination().endpoint(), plan.alreadyRun().toSeconds(),
                plan.duration().toSeconds());
        return execution;
    }

    public Optional<RunExecution> find(String runID, int part) {
        return Optional.ofNullable(executions.get(runID + "#" + part));
    }

    public Collection<RunExecution> executions() {
        return List.copyOf(executions.values());
    }

    private Generator<?> generator(RunPlan plan, StreamPlan stream, long wallStart) {
        return switch (stream.signal()) {
            case LOGS -> new LogGenerator(plan.logType(), plan.logSize(), plan.payload(), plan.marker());
            case METRICS -> new MetricGenerator(plan.payload(), plan.marker(), wallStart);
            case TRACES -> new TraceGenerator(plan.payload(), plan.marker());
        };
    }

    private long epochNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Stops every execution, for shutdown; their owners persist what they recorded. */
    @Override
    public void close() {
        executions.values().forEach(execution -> execution.stop(EndReason.SHUTDOWN));
        scheduler.shutdown();
    }
}
