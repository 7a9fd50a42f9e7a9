package io.moniflux.results;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records what happens to one signal stream, from many threads at once without locks on the hot
 * path; a single reader folds it into timeline points once a second and into results on demand.
 */
public final class SignalRecorder {

    private final String signal;
    private final LongAdder attempted = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private final LongAdder generatorMissed = new LongAdder();
    private volatile long generatorLimitedFrom = -1;
    private final LongAdder bytes = new LongAdder();
    private final LongAdder samples = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final AtomicLongArray statusCodes = new AtomicLongArray(600);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Recorder latency = new Recorder(Histograms.DIGITS);
    private final Recorder serviceTime = new Recorder(Histograms.DIGITS);

    private static final int SECONDS = 64;
    private final long[] slotSecond = new long[SECONDS];
    private final long[] slotAttempted = new long[SECONDS];
    private final long[] slotMissed = new long[SECONDS];
    private final long[] slotGeneratorMissed = new long[SECONDS];
    private final long[] slotSent = new long[SECONDS];
    private final long[] slotFailed = new long[SECONDS];
    private long closedBefore;

    private final Histogram total = Histograms.empty();
    private final Histogram serviceTotal = Histograms.empty();
    private Histogram interval;
    private Histogram serviceInterval;

    public SignalRecorder(String signal) {
        this.signal = signal;
        Arrays.fill(slotSecond, -1);
    }

    /** Seconds before {@code second} are closed already (a resumed run starts there). */
    public synchronized void startAt(long second) {
        closedBefore = second;
    }

    public String signal() {
        return signal;
    }

    /** A request carrying {@code events} events due in {@code second} of the run is about to be sent. */
    public void attempted(int events, long second) {
        attempted.add(events);
        requests.increment();
        bySecond(second, events, 0, 0, 0, 0);
    }

    /** Events due in {@code second} whose time slot passed without being sent, and why. */
    public void missed(long events, long second, MissCause cause) {
        if (events > 0) {
            missed.add(events);
            if (cause == MissCause.GENERATOR) {
                generatorMissed.add(events);
                if (generatorLimitedFrom < 0) {
                    generatorLimitedFrom = second;
                }
            }
            bySecond(second, 0, events, cause == MissCause.GENERATOR ? events : 0, 0, 0);
        }
    }

    /**
     * Every count of a second is of the events due in it, not of the moment the pacer or the answer got
     * to them: a rate of 1/s shows exactly one event a second, and a second's sent and failed never
     * exceed what it attempted. What is counted after its second was closed (an answer slower than the
     * lag bound) counts in the first open second.
     */
    private synchronized void bySecond(long second, long attempts, long misses, long generatorMisses, long accepted,
            long refused) {
        long target = Math.max(second, closedBefore);
        int slot = (int) (target & (SECONDS - 1));
        if (slotSecond[slot] != target) {
            slotSecond[slot] = target;
            slotAttempted[slot] = 0;
            slotMissed[slot] = 0;
            slotGeneratorMissed[slot] = 0;
            slotSent[slot] = 0;
            slotFailed[slot] = 0;
        }
        slotAttempted[slot] += attempts;
        slotMissed[slot] += misses;
        slotGeneratorMissed[slot] += generatorMisses;
        slotSent[slot] += accepted;
        slotFailed[slot] += refused;
    }

    /**
     * A request of events due in {@code second} finished.
     *
     * @param second        the second of the run its first event was due in
     * @param status        HTTP status code, or 0 when there was no HTTP answer
     * @param errorClass    why the request failed, or null
     * @param bodyBytes     bytes of the request body
     * @param acceptedSamples of metrics, the series values of the accepted points; 0 otherwise
     * @param micros        from the batch's intended send time to the end of the response
     * @param serviceMicros from the actual send to the end of the response
     */
    public void completed(long second, int accepted, int refused, int status, String errorClass, long bodyBytes, long micros,
            long serviceMicros, long acceptedSamples) {
        sent.add(accepted);
        samples.add(acceptedSamples);
        failed.add(refused);
        bySecond(second, 0, 0, 0, accepted, refused);
        bytes.add(bodyBytes);
        serviceTime.recordValue(Math.clamp(serviceMicros, 1, Histograms.HIGHEST_MICROS));
        if (status > 0 && status < 600) {
            statusCodes.incrementAndGet(status);
        }
        if (errorClass != null) {
            errors.computeIfAbsent(errorClass, e -> new LongAdder()).increment();
        }
        latency.recordValue(Math.clamp(micros, 1, Histograms.HIGHEST_MICROS));
    }

    /**
     * Closes {@code second} and returns its timeline point: of the events due in it, those attempted,
     * missed, sent and failed; latency is of the answers that came in since the previous point.
     */
    public synchronized TimelinePoint tick(long second, double targetRate) {
        interval = latency.getIntervalHistogram(interval);
        total.add(interval);
        serviceInterval = serviceTime.getIntervalHistogram(serviceInterval);
        serviceTotal.add(serviceInterval);
        int slot = (int) (second & (SECONDS - 1));
        boolean known = slotSecond[slot] == second;
        slotSecond[slot] = -1;
        closedBefore = Math.max(closedBefore, second + 1);
        return new TimelinePoint(second, signal, targetRate, known ? slotAttempted[slot] : 0, known ? slotSent[slot] : 0,
                known ? slotFailed[slot] : 0, known ? slotMissed[slot] : 0, ms(interval, 50), ms(interval, 99),
                known ? slotGeneratorMissed[slot] : 0, null);
    }

    /** The latency of the answers that came in during the second the last {@link #tick} closed (a copy). */
    public synchronized Histogram lastInterval() {
        return interval == null ? Histograms.empty() : interval.copy();
    }

    /** Everything recorded so far (latency up to the last tick). */
    public synchronized SignalResults results() {
        Map<String, Long> codes = new TreeMap<>();
        for (int code = 100; code < 600; code++) {
            long count = statusCodes.get(code);
            if (count > 0) {
                codes.put(Integer.toString(code), count);
            }
        }
        Map<String, Long> classes = new TreeMap<>();
        errors.forEach((name, count) -> classes.put(name, count.sum()));
        return new SignalResults(attempted.sum(), sent.sum(), failed.sum(), missed.sum(), bytes.sum(),
                requests.sum(), codes, classes, Latency.of(total), Latency.of(serviceTotal), Histograms.encode(total),
                Histograms.encode(serviceTotal), generatorMissed.sum(), generatorLimitedFrom < 0 ? null : generatorLimitedFrom, samples.sum());
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : Math.round((double) histogram.getValueAtPercentile(percentile)) / 1000.0;
    }
}
