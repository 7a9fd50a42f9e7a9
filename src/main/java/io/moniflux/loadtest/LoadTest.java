package io.moniflux.loadtest;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The test aggregate: the definition a user edits, its status and its schedule. Each execution is a
 * {@link TestRun} of its own, so a restart keeps the history. Status changes are conditional updates
 * on the expected status and version, never read-then-write, so concurrent requests cannot both win.
 */
@Document("tests")
public record LoadTest(
        @Id String testID,
        String userID,
        TestSpec spec,
        TestStatus status,
        String statusReason,
        Schedule schedule,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt,
        String currentRunId,
        int runCount,
        long version) {
}
