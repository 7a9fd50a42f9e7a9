package io.moniflux.coordination;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The replicas alive now: each writes a heartbeat ({@code replicas} collection) with how many run
 * parts it executes. Used to spread a run's workers, and shown by actuator.
 */
@Component
class ReplicaRegistry {

    private static final Logger log = LoggerFactory.getLogger(ReplicaRegistry.class);
    static final String COLLECTION = "replicas";

    /** One replica's heartbeat. */
    record Heartbeat(String id, Instant lastSeen, int parts) {
    }

    private final MongoTemplate mongo;
    private final Replica replica;
    private final CoordinationProperties properties;
    private final Clock clock;

    ReplicaRegistry(MongoTemplate mongo, Replica replica, CoordinationProperties properties, Clock clock) {
        this.mongo = mongo;
        this.replica = replica;
        this.properties = properties;
        this.clock = clock;
    }

    void beat(int parts) {
        try {
            mongo.upsert(Query.query(where("_id").is(replica.id())),
                    new Update().set("lastSeen", clock.instant()).set("parts", parts), COLLECTION);
        } catch (RuntimeException e) {
            log.warn("Could not write this replica's heartbeat", e);
        }
    }

    /** Replicas whose heartbeat is younger than a lease; this one counts even before its first beat. */
    List<Heartbeat> live() {
        Instant since = clock.instant().minus(properties.lease());
        List<Heartbeat> beats = mongo.find(Query.query(where("lastSeen").gte(since)), Heartbeat.class, COLLECTION);
        if (beats.stream().noneMatch(beat -> beat.id().equals(replica.id()))) {
            beats = new ArrayList<>(beats);
            beats.add(new Heartbeat(replica.id(), clock.instant(), 0));
        }
        return beats;
    }

    void leave() {
        try {
            mongo.remove(Query.query(where("_id").is(replica.id())), COLLECTION);
        } catch (RuntimeException e) {
            log.debug("Could not remove this replica's heartbeat", e);
        }
    }

    Duration lease() {
        return properties.lease();
    }
}
