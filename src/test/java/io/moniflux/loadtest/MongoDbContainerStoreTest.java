package io.moniflux.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.data.mongodb.core.query.Update;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import io.moniflux.delivery.Destination;

/**
 * The conditional updates against a real MongoDB, where Docker is available; skipped (not failed)
 * elsewhere.
 */
@SpringBootTest
@Testcontainers(disabledWithoutDocker = true)
class MongoDbContainerStoreTest {

    @Container
    @ServiceConnection
    static MongoDBContainer mongo = new MongoDBContainer("mongo:8.0");

    @Autowired
    LoadTestStore store;

    @Test
    void onlyOneOfTwoTransitionsFromTheSameVersionWins() {
        LoadTest test = new LoadTest("tc-" + System.nanoTime(), "u", new TestSpec("INFO", 1, 10, 0, 0, 10,
                Destination.of("d", "http", "127.0.0.1", 9, null), 1, null, null, null, null, null, null, null, null), TestStatus.Pending, null, null,
                Instant.now(), Instant.now(), null, null, null, 0, 0);
        store.insert(test);

        Optional<LoadTest> first = store.transition(test, new Update().set("status", TestStatus.Running));
        Optional<LoadTest> second = store.transition(test, new Update().set("status", TestStatus.Running));

        assertThat(first).isPresent();
        assertThat(first.get().version()).isEqualTo(1);
        assertThat(second).isEmpty();
    }
}
