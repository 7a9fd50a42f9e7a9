package io.moniflux.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;

/**
 * Creates the indexes a module's queries need, at start-up. An index the database will not create (the
 * embedded server refuses some kinds) is not fatal: the queries still work, only slower.
 */
public final class MongoIndexes {

    private static final Logger log = LoggerFactory.getLogger(MongoIndexes.class);

    private MongoIndexes() {
    }

    public static void ensure(MongoTemplate mongo, Class<?> type, Index index) {
        try {
            mongo.indexOps(type).createIndex(index);
        } catch (RuntimeException e) {
            log.debug("Index {} on {} not created: {}", index.getIndexKeys(), type.getSimpleName(), e.getMessage());
        }
    }
}
