package io.moniflux.coordination;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

import io.moniflux.config.MongoIndexes;

/**
 * The indexes the leases' queries need. A production MongoDB uses them all. The embedded server uses
 * only unique indexes whose keys are exactly a query's: the owner's conditional writes ({_id, owner,
 * state}: every renewal, finish and release) get a unique index of those keys, redundant on MongoDB
 * (the _id alone is unique) but what keeps each of a replica's renewals from scanning every part — a
 * profile of 1,000 running tests showed the embedded database busy matching documents, and renewals
 * late enough for the renew deadline to stop parts.
 */
@Component
class RunPartIndexes implements InitializingBean {

    private final MongoTemplate mongo;

    RunPartIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        ensure(new Index().on("_id", Sort.Direction.ASC).on("owner", Sort.Direction.ASC).on("state", Sort.Direction.ASC).unique());
        ensure(new Index().on("_id", Sort.Direction.ASC).on("state", Sort.Direction.ASC).unique()); // claims of new parts
        ensure(new Index().on("runID", Sort.Direction.ASC).on("index", Sort.Direction.ASC));
        ensure(new Index().on("state", Sort.Direction.ASC).on("leaseUntil", Sort.Direction.ASC));
        ensure(new Index().on("owner", Sort.Direction.ASC).on("state", Sort.Direction.ASC));
    }

    private void ensure(Index index) {
        MongoIndexes.ensure(mongo, RunPart.class, index);
    }
}
