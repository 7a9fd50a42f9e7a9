package io.moniflux.delivery.zipkin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

import io.moniflux.delivery.SeqLedger;
import io.moniflux.delivery.Verifier;
import io.moniflux.delivery.http.QueryClient;
import io.moniflux.telemetry.Signal;
import tools.jackson.databind.JsonNode;

/** Spans counted through Zipkin's trace search, by the run id tag every span carries. */
@Component
class ZipkinVerifier implements Verifier {

    /** Traces asked for at most; a run with more cannot be counted exactly this way. */
    static final int MAX_TRACES = 1_000_000;

    private final QueryClient client;

    ZipkinVerifier(QueryClient client) {
        this.client = client;
    }

    @Override
    public String type() {
        return ZipkinDestination.TYPE;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES);
    }

    @Override
    public String describe(Query query) {
        return "Zipkin API at " + QueryClient.base(query, ZipkinDestination.DEFAULT_PORT).resolve("");
    }

    @Override
    public long count(Query query) throws VerificationException {
        long spans = 0;
        for (JsonNode trace : traces(query)) {
            for (JsonNode span : trace) {
                if (ofRun(span, query)) {
                    spans++;
                }
            }
        }
        return spans;
    }

    /**
     * Which spans of the run Zipkin holds: the trace search is Zipkin's only way to ask, and it answers
     * with the spans themselves, so their {@code moniflux.part} and {@code moniflux.seq} tags are read
     * from that one answer, in buckets like every other backend's. Zipkin merges spans that share
     * their ids, so a span sent twice is not seen twice.
     */
    @Override
    public Optional<SeqFindings> sequences(Query query, SeqExpectation expected) throws VerificationException {
        int workers = expected.workers();
        Map<Integer, BitSet> distinct = new HashMap<>();
        Map<Integer, Map<Long, long[]>> rows = new HashMap<>();
        for (JsonNode trace : traces(query)) {
            for (JsonNode span : trace) {
                if (!ofRun(span, query)) {
                    continue;
                }
                try {
                    int part = Integer.parseInt(span.path("tags").path("moniflux.part").asString());
                    long index = Long.parseLong(span.path("tags").path("moniflux.seq").asString()) / workers;
                    if (index > Integer.MAX_VALUE) {
                        continue;
                    }
                    distinct.computeIfAbsent(part, p -> new BitSet()).set((int) index);
                    rows.computeIfAbsent(part, p -> new HashMap<>()).computeIfAbsent(index / SeqLedger.BUCKET, b -> new long[1])[0]++;
                } catch (NumberFormatException e) {
                    // a span of the run without readable numbers is counted, not placed
                }
            }
        }
        Map<Integer, Map<Long, SeqLedger.Held>> held = new TreeMap<>();
        rows.forEach((part, buckets) -> buckets.forEach((bucket, count) -> {
            BitSet seen = distinct.get(part);
            int from = (int) (bucket * SeqLedger.BUCKET);
            long unique = seen.get(from, from + SeqLedger.BUCKET).cardinality();
            held.computeIfAbsent(part, p -> new TreeMap<>()).put(bucket, new SeqLedger.Held(count[0], unique));
        }));
        return Optional.of(SeqLedger.findings(expected, held, (part, bucket) -> {
            BitSet seen = distinct.getOrDefault(part, new BitSet());
            List<Long> indexes = new ArrayList<>();
            int end = (int) ((bucket + 1) * SeqLedger.BUCKET);
            for (int i = seen.nextSetBit((int) (bucket * SeqLedger.BUCKET)); i >= 0 && i < end; i = seen.nextSetBit(i + 1)) {
                indexes.add((long) i);
            }
            return indexes;
        }));
    }

    /** The traces holding the run's spans, from Zipkin's trace search by the run id tag. */
    private JsonNode traces(Query query) throws VerificationException {
        Instant now = Instant.now();
        long lookback = Duration.between(query.from(), now).toMillis() + 60_000;
        String path = "/api/v2/traces?annotationQuery="
                + URLEncoder.encode("moniflux.run_id=" + query.runID(), StandardCharsets.UTF_8)
                + "&endTs=" + now.toEpochMilli() + "&lookback=" + lookback + "&limit=" + MAX_TRACES;
        ZipkinDestination destination = (ZipkinDestination) query.destination();
        Map<String, String> headers = destination.apiKeyValue() == null ? Map.of()
                : Map.of("Authorization", "Bearer " + destination.apiKeyValue());
        return client.get(QueryClient.base(query, ZipkinDestination.DEFAULT_PORT), path, destination, headers);
    }

    private static boolean ofRun(JsonNode span, Query query) {
        return query.runID().equals(span.path("tags").path("moniflux.run_id").asString());
    }
}
