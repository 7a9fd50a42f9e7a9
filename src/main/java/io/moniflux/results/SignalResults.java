package io.moniflux.results;

import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

/**
 * What happened to one signal of a run (or of one part of it).
 *
 * @param attempted   events handed to the destination
 * @param sent        events the destination accepted (2xx, and not refused item by item)
 * @param failed      events refused or lost in a failed request
 * @param missed      events whose time slot passed because the destination (or this machine) could
 *                    not keep up; they were never sent, and never queued
 * @param bytes       request body bytes sent
 * @param requests    requests made
 * @param statusCodes requests by HTTP status code
 * @param errors      failed requests by error class (timeout, connection-refused, ...)
 * @param latency     from each batch's intended send time to its response: what a user of the
 *                    pipeline would have waited, queueing included (no coordinated omission)
 * @param serviceTime from the actual send of each request to its response
 * @param histogram   the latency histogram (µs), compressed, so that results merge exactly
 * @param serviceHistogram the service time histogram (µs), compressed
 * @param generatorMissed of the missed events, those MoniFlux itself could not generate in time (the
 *                    rest the destination could not take)
 * @param generatorLimitedFrom the first second of the run in which MoniFlux itself was the limit; null
 *                    when it never was
 * @param samples     of metrics, the series values on the wire of the points the destination accepted
 *                    ({@code sent} counts points): a Prometheus histogram point is its buckets, sum and
 *                    count, an OTLP data point one sample; 0 for logs and traces
 */
public record SignalResults(
        long attempted,
        long sent,
        long failed,
        long missed,
        long bytes,
        long requests,
        Map<String, Long> statusCodes,
        Map<String, Long> errors,
        Latency latency,
        Latency serviceTime,
        String histogram,
        String serviceHistogram,
        long generatorMissed,
        Long generatorLimitedFrom,
        long samples) {

    public static final SignalResults EMPTY = new SignalResults(0, 0, 0, 0, 0, 0, Map.of(), Map.of(), Latency.NONE,
            Latency.NONE, null, null, 0, null, 0);

    public SignalResults(long attempted, long sent, long failed, long missed, long bytes, long requests,
            Map<String, Long> statusCodes, Map<String, Long> errors, Latency latency, Latency serviceTime, String histogram,
            String serviceHistogram) {
        this(attempted, sent, failed, missed, bytes, requests, statusCodes, errors, latency, serviceTime, histogram,
                serviceHistogram, 0, null, 0);
    }

    /** Events missed because the destination could not take them. */
    public long destinationMissed() {
        return missed - generatorMissed;
    }

    public SignalResults {
        statusCodes = statusCodes == null ? Map.of() : Map.copyOf(statusCodes);
        errors = errors == null ? Map.of() : Map.copyOf(errors);
        latency = latency == null ? Latency.NONE : latency;
        serviceTime = serviceTime == null ? Latency.NONE : serviceTime;
    }

    /** Counters add, maps add per key, histograms merge exactly. */
    public SignalResults plus(SignalResults other) {
        if (other == null || other.equals(EMPTY)) {
            return this;
        }
        if (this.equals(EMPTY)) {
            return other;
        }
        Histogram merged = Histograms.decode(histogram);
        merged.add(Histograms.decode(other.histogram));
        Histogram mergedService = Histograms.decode(serviceHistogram);
        mergedService.add(Histograms.decode(other.serviceHistogram));
        return new SignalResults(attempted + other.attempted, sent + other.sent, failed + other.failed,
                missed + other.missed, bytes + other.bytes, requests + other.requests,
                add(statusCodes, other.statusCodes), add(errors, other.errors), Latency.of(merged),
                Latency.of(mergedService), Histograms.encode(merged), Histograms.encode(mergedService),
                generatorMissed + other.generatorMissed, generatorLimitedFrom == null ? other.generatorLimitedFrom
                        : other.generatorLimitedFrom == null ? generatorLimitedFrom
                                : Long.valueOf(Math.min(generatorLimitedFrom, other.generatorLimitedFrom)),
                samples + other.samples);
    }

    static Map<String, Long> add(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> sum = new TreeMap<>(a);
        b.forEach((key, value) -> sum.merge(key, value, Long::sum));
        return sum;
    }
}
