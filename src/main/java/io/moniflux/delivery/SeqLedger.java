package io.moniflux.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.moniflux.delivery.Verifier.SeqExpectation;
import io.moniflux.delivery.Verifier.SeqFindings;
import io.moniflux.delivery.Verifier.SeqGap;
import io.moniflux.delivery.Verifier.VerificationException;

/**
 * What a backend holds of a run's events, from its counts by part and bucket of {@link #BUCKET} event
 * indexes (part {@code p}'s {@code i}-th event has seq {@code i * workers + p}): the due events absent,
 * those held twice, and the first {@link #MAX_GAPS} ranges of absent seqs, for which only the
 * incomplete buckets are asked for the indexes they hold. Each verifier asks its backend in its own
 * query language; the accounting is the same for all.
 */
public final class SeqLedger {

    public static final int BUCKET = 1000;
    public static final int MAX_GAPS = 20;

    /** Rows and distinct seqs a backend holds in one bucket of one part. */
    public record Held(long rows, long distinct) {
    }

    /** Asks the backend for the indexes (seq div workers) it holds in one bucket of one part, sorted. */
    @FunctionalInterface
    public interface Indexes {
        List<Long> held(int part, long bucket) throws VerificationException;
    }

    private SeqLedger() {
    }

    /** The findings, from what the backend holds per part and bucket. */
    public static SeqFindings findings(SeqExpectation expected, Map<Integer, Map<Long, Held>> held, Indexes indexes)
            throws VerificationException {
        long absent = 0;
        long duplicates = 0;
        List<SeqGap> gaps = new ArrayList<>();
        for (Map.Entry<Integer, Long> part : expected.duePerPart().entrySet()) {
            int p = part.getKey();
            long due = part.getValue();
            Map<Long, Held> buckets = held.getOrDefault(p, Map.of());
            for (long b = 0; b * BUCKET < due; b++) {
                long want = Math.min(BUCKET, due - b * BUCKET);
                Held rows = buckets.get(b);
                long distinct = rows == null ? 0 : Math.min(want, rows.distinct());
                // more distinct seqs than due: a backend that counts distinct per series (InfluxDB per
                // measurement) holds some seqs in two of them, which are duplicates too
                duplicates += rows == null ? 0 : rows.rows() - distinct;
                absent += want - distinct;
                if (distinct < want && gaps.size() < MAX_GAPS) {
                    gaps(p, expected.workers(), b, want, distinct == 0 ? List.of() : indexes.held(p, b), gaps);
                }
            }
        }
        return new SeqFindings(absent, List.copyOf(gaps.subList(0, Math.min(MAX_GAPS, gaps.size()))), duplicates);
    }

    /** The runs of indexes of bucket {@code bucket} that {@code held} (sorted) lacks, as ranges of seqs. */
    static void gaps(int part, int workers, long bucket, long want, List<Long> held, List<SeqGap> gaps) {
        long next = bucket * BUCKET;
        long end = bucket * BUCKET + want;
        for (long index : held) {
            if (index >= end) {
                break;
            }
            if (index > next) {
                gaps.add(new SeqGap(part, next * workers + part, (index - 1) * workers + part));
            }
            next = Math.max(next, index + 1);
        }
        if (next < end) {
            gaps.add(new SeqGap(part, next * workers + part, (end - 1) * workers + part));
        }
    }
}
