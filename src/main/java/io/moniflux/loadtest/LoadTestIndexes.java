package io.moniflux.loadtest;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

import io.moniflux.config.MongoIndexes;

/**
 * The indexes the lifecycle's queries need. The embedded server ignores non-unique indexes (its
 * queries scan); a production MongoDB gets them all.
 */
@Component
class LoadTestIndexes implements InitializingBean {

    private final MongoTemplate mongo;

    LoadTestIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        ensure(LoadTest.class, new Index().on("status", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC));
        ensure(LoadTest.class, new Index().on("userID", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC));
        ensure(TestRun.class, new Index().on("testID", Sort.Direction.ASC).on("number", Sort.Direction.DESC));
        ensure(TestRun.class, new Index().on("status", Sort.Direction.ASC));
        // every replica looks for follow-ups left by a replica that is gone; few runs have one
        for (FollowUp kind : FollowUp.values()) {
            ensure(TestRun.class, new Index().on(RunStore.followUpField(kind), Sort.Direction.ASC).sparse());
        }
        // a versioned save updates {_id, version}; the embedded server uses an index only when its keys are
        // exactly the query's, so without these every save of a test or run scanned the collection (a
        // profile of 1,000 running tests spent most of the database's time matching documents)
        ensure(LoadTest.class, new Index().on("_id", Sort.Direction.ASC).on("version", Sort.Direction.ASC).unique());
        ensure(TestRun.class, new Index().on("_id", Sort.Direction.ASC).on("version", Sort.Direction.ASC).unique());
    }

    private void ensure(Class<?> type, Index index) {
        MongoIndexes.ensure(mongo, type, index);
    }
}
