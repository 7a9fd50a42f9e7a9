package io.moniflux.loadtest;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Lets one request at a time, on every replica, check the caps and take its share of them (a start,
 * a rate raise), so that requests racing each other cannot together go over a cap. The gate is a
 * lock document in MongoDB that expires, so that a replica dying while it holds it blocks the others
 * only briefly. Its holders keep it for a few milliseconds.
 */
@Component
class CapGate {

    static final String COLLECTION = "locks";
    private static final String ID = "caps";
    private static final Duration EXPIRY = Duration.ofSeconds(10);
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final MongoTemplate mongo;
    private final Clock clock;
    private final ReentrantLock local = new ReentrantLock(true);

    CapGate(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Does {@code work} alone; refuses with a conflict when the gate stays shut for seconds. */
    <T> T through(Supplier<T> work) {
        // requests of this replica queue here, handed on at once: polling the shared gate with a backoff,
        // eight concurrent starts left it free while they slept (a profile of 400 starts showed 4,158
        // sleeps in enter and 11 starts/s)
        try {
            if (!local.tryLock(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TestConflictException("busy", "Too many tests are being started at once; try again.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestConflictException("busy", "Interrupted while waiting to start; try again.");
        }
        try {
            String holder = UUID.randomUUID().toString();
            enter(holder);
            try {
                return work.get();
            } finally {
                mongo.remove(Query.query(where("_id").is(ID).and("holder").is(holder)), COLLECTION);
            }
        } finally {
            local.unlock();
        }
    }

    private void enter(String holder) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long pauseMillis = 1;
        while (!tryEnter(holder)) {
            if (System.nanoTime() > deadline) {
                throw new TestConflictException("busy", "Too many tests are being started at once; try again.");
            }
            try {
                Thread.sleep(pauseMillis + ThreadLocalRandom.current().nextLong(pauseMillis + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestConflictException("busy", "Interrupted while waiting to start; try again.");
            }
            pauseMillis = Math.min(pauseMillis * 2, 8); // only other replicas hold it now: they hold it for milliseconds
        }
    }

    private boolean tryEnter(String holder) {
        Date now = Date.from(clock.instant());
        Date until = Date.from(clock.instant().plus(EXPIRY));
        try {
            mongo.insert(new Document("_id", ID).append("holder", holder).append("until", until), COLLECTION);
            return true;
        } catch (DuplicateKeyException held) {
            // held, or left behind by a replica that died holding it
            return mongo.updateFirst(Query.query(where("_id").is(ID).and("until").lt(now)),
                    new Update().set("holder", holder).set("until", until), COLLECTION).getModifiedCount() == 1;
        }
    }
}
