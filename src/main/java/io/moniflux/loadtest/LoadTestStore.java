package io.moniflux.loadtest;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.util.List;
import java.util.Optional;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Reads and writes test documents. A write is conditional on the version it was decided on: it throws
 * {@code OptimisticLockingFailureException} when another request got there first.
 */
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

    /** Writes {@code next} if the test is still at the version it was read at; the stored test, version moved on. */
    LoadTest save(LoadTest next) {
        return mongo.save(next);
    }

    /** Deletes the test if it is still at the version it was read at (a start racing the delete wins or loses whole). */
    void delete(LoadTest test) {
        Query unchanged = Query.query(where("_id").is(test.testID()).and("version").is(test.version()));
        if (mongo.remove(unchanged, LoadTest.class).getDeletedCount() == 0) {
            throw new OptimisticLockingFailureException("test " + test.testID() + " changed while it was being deleted");
        }
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
        if (filter.idContains() != null) {
            // every character escaped: the text is matched literally
            criteria.and("_id").regex(filter.idContains().replaceAll("[^A-Za-z0-9]", "\\\\$0"), "i");
        }
        return criteria;
    }
}
