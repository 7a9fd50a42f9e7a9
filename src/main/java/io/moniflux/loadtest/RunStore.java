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

    TestRun insert(TestRun run) {
        return mongo.insert(run);
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

    /** Ends a run that is still running; empty when it had already ended. */
    Optional<TestRun> end(String runID, TestStatus status, String reason, java.time.Instant at) {
        Query query = Query.query(where("_id").is(runID).and("status").is(TestStatus.Running));
        Update update = new Update().set("status", status).set("endedAt", at);
        if (reason != null) {
            update.set("endReason", reason);
        }
        return Optional.ofNullable(mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true), TestRun.class));
    }
}
