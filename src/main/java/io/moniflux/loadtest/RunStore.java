package io.moniflux.loadtest;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Reads and writes run documents. */
@Component
class RunStore {

    private final MongoTemplate mongo;

    RunStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Writes a new run, then its parts, ready to be claimed. */
    TestRun launch(TestRun run) {
        int workers = run.spec().workers();
        java.util.List<RunPart> parts = new java.util.ArrayList<>();
        for (int i = 0; i < workers; i++) {
            parts.add(new RunPart(RunPart.idOf(run.runID(), i), run.runID(), run.testID(), i, workers, PartState.Ready,
                    null, null, 0, null, null, run.startedAt(), null));
        }
        // the run first: a replica that claims a part must find its run
        TestRun inserted = mongo.insert(run);
        mongo.insertAll(parts);
        return inserted;
    }

    Optional<TestRun> find(String runID) {
        return Optional.ofNullable(mongo.findById(runID, TestRun.class));
    }

    List<TestRun> findByTest(String testID) {
        return mongo.find(Query.query(where("testID").is(testID)).with(Sort.by(Sort.Direction.DESC, "number")), TestRun.class);
    }

    /** Asks the owner of a running run to stop; false when the run is no longer running. */
    boolean requestStop(String runID, String reason) {
        Query query = Query.query(where("_id").is(runID).and("status").is(TestStatus.Running));
        return mongo.updateFirst(query, new Update().set("stopRequested", true).set("endReason", reason), TestRun.class)
                .getModifiedCount() > 0;
    }

    /** Sets new target rates on a running run; empty when it is not running. */
    Optional<TestRun> changeRates(String runID, java.util.Map<String, Double> rates) {
        Query query = Query.query(where("_id").is(runID).and("status").is(TestStatus.Running).and("stopRequested").is(false));
        return Optional.ofNullable(mongo.findAndModify(query, new Update().set("rates", rates).inc("ratesVersion", 1),
                FindAndModifyOptions.options().returnNew(true), TestRun.class));
    }

    List<TestRun> findAll(java.util.Collection<String> runIDs) {
        return mongo.find(Query.query(where("_id").in(runIDs)), TestRun.class);
    }

    List<TestRun> findRunning() {
        return mongo.find(Query.query(where("status").is(TestStatus.Running)), TestRun.class);
    }

    List<TestRun> withField(String field) {
        return mongo.find(Query.query(where(field).exists(true)), TestRun.class);
    }

    /** Sets a field to {@code to} if it still holds {@code from}; whether it did. */
    boolean replace(String runID, String field, String from, String to) {
        return mongo.updateFirst(Query.query(where("_id").is(runID).and(field).is(from)), new Update().set(field, to), TestRun.class)
                .getModifiedCount() == 1;
    }

    void update(String runID, Update update) {
        mongo.updateFirst(Query.query(where("_id").is(runID)), update, TestRun.class);
    }

    /** Ends a run that is still running; empty when it had already ended. */
    Optional<TestRun> end(String runID, TestStatus status, String reason, java.time.Instant at,
            io.moniflux.results.RunResults results) {
        Query query = Query.query(where("_id").is(runID).and("status").is(TestStatus.Running));
        Update update = new Update().set("status", status).set("endedAt", at).set("results", results);
        if (reason != null) {
            update.set("endReason", reason);
        }
        return Optional.ofNullable(mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true), TestRun.class));
    }
}
