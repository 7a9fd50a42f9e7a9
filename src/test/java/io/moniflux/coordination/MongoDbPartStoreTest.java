package io.moniflux.coordination;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/** The lease and claim queries on a real MongoDB, where Docker is available; skipped (not failed) elsewhere. */
@Tag("full-stack")
@SpringBootTest
@Testcontainers(disabledWithoutDocker = true)
class MongoDbPartStoreTest extends PartStoreContract {

    @Container
    @ServiceConnection
    static MongoDBContainer mongo = new MongoDBContainer("mongo:8.0");
}
