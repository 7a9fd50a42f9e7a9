package io.moniflux.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.moniflux.delivery.Verifier.SeqGap;

/** Absent events of a bucket as ranges of seqs, parts interleaved by the run's workers. */
class SeqLedgerTest {

    @Test
    void theIndexesABucketLacksBecomeRangesOfThePartsSeqs() {
        List<SeqGap> gaps = new ArrayList<>();
        // part 1 of 2 workers: index i is seq 2i + 1; the bucket wants indexes 0..11
        SeqLedger.gaps(1, 2, 0, 12, List.of(0L, 1L, 2L, 5L, 6L, 9L, 40L), gaps);
        assertThat(gaps).containsExactly(new SeqGap(1, 7, 9), new SeqGap(1, 15, 17), new SeqGap(1, 21, 23));

        List<SeqGap> empty = new ArrayList<>();
        SeqLedger.gaps(0, 1, 3, 500, List.of(), empty);
        assertThat(empty).as("a bucket of which nothing arrived").containsExactly(new SeqGap(0, 3000, 3499));
    }

    @Test
    void findingsAskOnlyTheIncompleteBucketsForTheirSeqs() throws Exception {
        // 2 workers, 2,500 events due per part: buckets 0, 1 (1,000 each) and 2 (500)
        Verifier.SeqExpectation due = new Verifier.SeqExpectation(2, Map.of(0, 2_500L, 1, 2_500L));
        Map<Integer, Map<Long, SeqLedger.Held>> held = Map.of(
                0, Map.of(0L, new SeqLedger.Held(1_004, 1_000), 1L, new SeqLedger.Held(1_000, 1_000), 2L, new SeqLedger.Held(499, 499)),
                1, Map.of(0L, new SeqLedger.Held(1_000, 1_000), 1L, new SeqLedger.Held(1_003, 1_003), 2L, new SeqLedger.Held(500, 500)));
        List<String> asked = new ArrayList<>();

        Verifier.SeqFindings findings = SeqLedger.findings(due, held, (part, bucket) -> {
            asked.add(part + "/" + bucket);
            return LongStream.range(2_000, 2_500).filter(i -> i != 2_100).boxed().toList();
        });

        assertThat(asked).as("only part 0's bucket 2 lacks events").containsExactly("0/2");
        assertThat(findings.absent()).isEqualTo(1);
        assertThat(findings.firstGaps()).containsExactly(new SeqGap(0, 4_200, 4_200));
        assertThat(findings.duplicates()).as("4 held twice in part 0; 3 seqs of part 1 in a second series").isEqualTo(7);
    }
}
