package io.moniflux.loadtest;

import java.util.function.Supplier;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Reads, decides and writes again when another writer changed the document in between: every change
 * of a test or a run is a write conditional on the version it was decided on, so a request that loses
 * a race is decided again on what is stored now.
 */
final class Conflicts {

    private static final int ATTEMPTS = 8;

    private Conflicts() {
    }

    /** The result of {@code decide}, tried until it wins or {@value #ATTEMPTS} times. */
    static <T> T retry(String subject, Supplier<T> decide) {
        for (int attempt = 1; ; attempt++) {
            try {
                return decide.get();
            } catch (OptimisticLockingFailureException lost) {
                if (attempt == ATTEMPTS) {
                    throw new TestConflictException("concurrent-update",
                            subject + " kept changing while this request was applied; try again.");
                }
                Thread.onSpinWait();
            }
        }
    }
}
