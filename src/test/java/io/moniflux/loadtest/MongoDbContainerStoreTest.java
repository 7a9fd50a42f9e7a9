package io.moniflux.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.dao.OptimisticLockingFailureException;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import io.moniflux.delivery.json.HttpJsonDestination;

/**
 * The conditional updates against a real MongoDB, where Docker is available; skipped (not failed)
 * elsewhere.
 */
@SpringBootTest
@Testcontainers(disabledWithoutDocker = true)
@Tag("full-stack")
class MongoDbContainerStoreTest {

    @Container
    @ServiceConnection
    static MongoDBContainer mongo = new MongoDBContainer("mongo:8.0");

    @Autowired
    LoadTestStore store;

    @Test
    void onlyOneOfTwoTransitionsFromTheSameVersionWins() {
        LoadTest test = store.insert(LoadTest.create("tc-" + System.nanoTime(), "u", new TestSpec("INFO", 1, 10, 0, 0, 10,
                HttpJsonDestination.of("d", "127.0.0.1", 9, null), 1, null, null, null, null, null, null, null, null), null,
                Instant.now()));

        LoadTest first = store.save(test.start(Action.START, test.spec(), "u", Instant.now()));

        assertThat(first.version()).isEqualTo(test.version() + 1);
        assertThatThrownBy(() -> store.save(test.start(Action.START, test.spec(), "u", Instant.now())))
                .isInstanceOf(OptimisticLockingFailureException.class);
    }
}
