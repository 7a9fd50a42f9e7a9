package io.moniflux.loadtest;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Reads and conditionally writes test documents. */
@Component
class LoadTestStore {

    private final MongoTemplate mongo;

    LoadTestStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Optional<LoadTest> find(String testID) {
        return Optional.ofNullable(mongo.findById(testID, LoadTest.class));
    }

    /** Inserts a new test; a {@code DuplicateKeyException} says the id is taken. */
    LoadTest insert(LoadTest test) {
        return mongo.insert(test);
    }

    /**
     * Applies {@code update} only if the test still has {@code expected} status and version; the
     * version moves on with every change. Empty when another request got there first.
     */
    Optional<LoadTest> transition(LoadTest expected, Update update) {
        Query query = Query.query(where("_id").is(expected.testID())
                .and("status").is(expected.status())
                .and("version").is(expected.version()));
        update.inc("version", 1);
        return Optional.ofNullable(mongo.findAndModify(query, update,
                FindAndModifyOptions.options().returnNew(true), LoadTest.class));
    }

    /** Applies {@code update} if the test is in one of {@code statuses} and its current run is {@code runID}. */
    Optional<LoadTest> transitionRun(String testID, String runID, Collection<TestStatus> statuses, Update update) {
        Query query = Query.query(where("_id").is(testID).and("currentRunId").is(runID).and("status").in(statuses));
        update.inc("version", 1);
        return Optional.ofNullable(mongo.findAndModify(query, update,
                FindAndModifyOptions.options().returnNew(true), LoadTest.class));
    }

    List<LoadTest> page(TestFilter filter, int page, int size) {
        Query query = Query.query(criteria(filter))
                .with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("_id")))
                .skip((long) page * size)
                .limit(size);
        return mongo.find(query, LoadTest.class);
    }

    long count(TestFilter filter) {
        return mongo.count(Query.query(criteria(filter)), LoadTest.class);
    }

    List<LoadTest> findByStatus(TestStatus status) {
        return mongo.find(Query.query(where("status").is(status)), LoadTest.class);
    }

    private static Criteria criteria(TestFilter filter) {
        Criteria criteria = new Criteria();
        if (filter.status() != null) {
            criteria.and("status").is(filter.status());
        }
        if (filter.userID() != null) {
            criteria.and("userID").is(filter.userID());
        }
        return criteria;
    }
}
