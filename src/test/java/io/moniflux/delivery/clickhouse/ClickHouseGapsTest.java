package io.moniflux.delivery.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.moniflux.delivery.Verifier.SeqGap;

/** Absent events of a bucket as ranges of seqs, parts interleaved by the run's workers. */
class ClickHouseGapsTest {

    @Test
    void theIndexesABucketLacksBecomeRangesOfThePartsSeqs() {
        List<SeqGap> gaps = new ArrayList<>();
        // part 1 of 2 workers: index i is seq 2i + 1; the bucket wants indexes 0..11
        ClickHouseVerifier.gaps(1, 2, 0, 12, List.of(0L, 1L, 2L, 5L, 6L, 9L, 40L), gaps);
        assertThat(gaps).containsExactly(new SeqGap(1, 7, 9), new SeqGap(1, 15, 17), new SeqGap(1, 21, 23));

        List<SeqGap> empty = new ArrayList<>();
        ClickHouseVerifier.gaps(0, 1, 3, 500, List.of(), empty);
        assertThat(empty).as("a bucket of which nothing arrived").containsExactly(new SeqGap(0, 3000, 3499));
    }
}
