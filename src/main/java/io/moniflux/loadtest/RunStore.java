package io.moniflux.loadtest;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Reads and writes run documents. A write is conditional on the version it was decided on: it throws
 * {@code OptimisticLockingFailureException} when another replica changed the run first.
 */
@Component
class RunStore {

    private final MongoTemplate mongo;

    RunStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    TestRun insert(TestRun run) {
        return mongo.insert(run);
    }

    TestRun save(TestRun next) {
        return mongo.save(next);
    }

    Optional<TestRun> find(String runID) {
        return Optional.ofNullable(mongo.findById(runID, TestRun.class));
    }

    List<TestRun> findByTest(String testID) {
        return mongo.find(Query.query(where("testID").is(testID)).with(Sort.by(Sort.Direction.DESC, "number")), TestRun.class);
    }

    /**
     * The runs of a test that started {@code runCount} of them, newest first, looked up by their ids
     * (numbered 1 .. runCount): the embedded server answers an id lookup from its index but scans the
     * collection for a query by test (a profile at 1,000 tests showed reads waiting on those scans).
     */
    List<TestRun> findByTest(String testID, int runCount) {
        List<String> ids = new ArrayList<>(runCount);
        for (int number = runCount; number >= 1; number--) {
            ids.add(TestRun.idOf(testID, number));
        }
        List<TestRun> found = new ArrayList<>(ids.isEmpty() ? List.of() : findAll(ids));
        found.sort(Comparator.comparingInt(TestRun::number).reversed());
        return found;
    }

    List<TestRun> findAll(Collection<String> runIDs) {
        return mongo.find(Query.query(where("_id").in(runIDs)), TestRun.class);
    }

    /** Deletes every run of a test; the ids of the runs it deleted. */
    List<String> deleteByTest(String testID) {
        List<String> runIDs = findByTest(testID).stream().map(TestRun::runID).toList();
        mongo.remove(Query.query(where("testID").is(testID)), TestRun.class);
        return runIDs;
    }

    List<TestRun> findRunning() {
        return mongo.find(Query.query(where("status").is(RunStatus.Running)), TestRun.class);
    }

    /**
     * The running runs with only what the caps weigh them by (owner, stop request, rates, the spec's rates,
     * stages and capacity): a start reads every running run while it holds the cap gate, and reading
     * whole runs (results, destinations with their secrets to decrypt) made each start slower the more ran.
     */
    /**
     * The shares of the caps that running runs hold, from the two fields {@link CapShare} stamps on every
     * run, read without mapping whole runs.
     */
    List<CapShare.Held> findCapShares() {
        List<CapShare.Held> held = new ArrayList<>();
        List<String> unstamped = new ArrayList<>();
        mongo.getCollection(mongo.getCollectionName(TestRun.class))
                .find(new Document("status", RunStatus.Running.name()))
                .projection(new Document("testID", 1).append("userID", 1).append(CapShare.RATE, 1).append(CapShare.HELD, 1))
                .forEach(document -> {
                    if (!(document.get(CapShare.RATE) instanceof Number rate)) {
                        unstamped.add(document.getString("_id")); // written before the stamp existed
                    } else if (Boolean.TRUE.equals(document.getBoolean(CapShare.HELD))) {
                        held.add(new CapShare.Held(document.getString("testID"), document.getString("userID"), rate.doubleValue()));
                    }
                });
        if (!unstamped.isEmpty()) {
            findAll(unstamped).stream().filter(run -> run.running() && run.stopRequest() == null)
                    .forEach(run -> held.add(new CapShare.Held(run.testID(), run.userID(), Caps.rate(run))));
        }
        return held;
    }

    List<TestRun> withFollowUp(FollowUp kind) {
        return mongo.find(Query.query(where(followUpField(kind)).exists(true)), TestRun.class);
    }

    static String followUpField(FollowUp kind) {
        return "followUps." + kind.name();
    }
}
