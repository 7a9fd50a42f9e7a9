package io.moniflux.coordination;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import io.moniflux.loadtest.PartState;
import io.moniflux.results.EndReason;

/**
 * Run parts and their leases. Every change of ownership is a conditional update, so exactly one
 * replica wins a claim, and a replica that lost its lease cannot overwrite the new owner's progress.
 */
@Component
class PartStore {

    private final MongoTemplate mongo;

    PartStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void insertAll(List<RunPart> parts) {
        mongo.insertAll(parts);
    }

    void deleteByRuns(Collection<String> runIDs) {
        mongo.remove(Query.query(where("runID").in(runIDs)), RunPart.class);
    }

    List<RunPart> findByRun(String runID) {
        return mongo.find(Query.query(where("runID").is(runID)).with(Sort.by("index")), RunPart.class);
    }

    List<RunPart> findByIds(Collection<String> ids) {
        return mongo.find(Query.query(where("_id").in(ids)), RunPart.class);
    }

    /**
     * Claims a part of {@code runID} that no live replica owns: one never claimed, or one whose lease ran
     * out. Without a run id (a poll for any run), a part must have waited {@code settledBefore}, so the
     * replica that accepted a start takes its share first, and runs in {@code skipRuns} — runs this replica
     * already executes a part of — are left to other replicas until their parts waited {@code anyoneBefore}.
     */
    Optional<Claimed> claim(String runID, String replica, Instant now, Instant until, Instant settledBefore,
            Collection<String> skipRuns, Instant anyoneBefore) {
        Criteria claimable;
        if (runID != null) {
            claimable = new Criteria().andOperator(where("runID").is(runID), new Criteria().orOperator(
                    where("state").is(PartState.Ready),
                    where("state").is(PartState.Running).and("leaseUntil").lt(now)));
        } else {
            claimable = new Criteria().orOperator(
                    where("state").is(PartState.Ready).and("updatedAt").lt(settledBefore).and("runID").nin(skipRuns),
                    where("state").is(PartState.Ready).and("updatedAt").lt(anyoneBefore),
                    where("state").is(PartState.Running).and("leaseUntil").lt(now));
        }
        return take(Query.query(claimable).with(Sort.by("updatedAt", "index")), replica, now, until);
    }

    /**
     * Claims one part of a new run by its id, if it is still ready: the replica that accepted the start
     * takes its share this way, by id, which even the embedded server answers from an index.
     */
    Optional<Claimed> claimReady(String partID, String replica, Instant now, Instant until) {
        return take(Query.query(where("_id").is(partID).and("state").is(PartState.Ready)), replica, now, until);
    }

    /** Makes the first part {@code query} finds this replica's, in one conditional update. */
    private Optional<Claimed> take(Query query, String replica, Instant now, Instant until) {
        Update update = new Update().set("state", PartState.Running).set("owner", replica).set("leaseUntil", until)
                .set("updatedAt", now);
        // the part as it was, to tell a part taken over from an owner that stopped without handing it over
        RunPart before = mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(false), RunPart.class);
        return Optional.ofNullable(before).map(part -> new Claimed(part.claimedBy(replica, until, now),
                part.state() == PartState.Running ? part.owner() : null));
    }

    /**
     * A part just claimed.
     *
     * @param takenOverFrom the owner whose lease ran out while it ran the part; null for a part that was
     *                      new or handed over
     */
    record Claimed(RunPart part, String takenOverFrom) {
    }

    /** One part's progress to persist, with its lease extended. */
    record Renewal(String partID, PartCheckpoint progress) {
    }

    /**
     * Persists the progress of many parts and extends their leases in one bulk write; returns the parts
     * this replica turned out to no longer own (another took them over).
     */
    Set<String> renewAll(List<Renewal> renewals, String replica, Instant now, Instant until) {
        if (renewals.isEmpty()) {
            return Set.of();
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, RunPart.class);
        for (Renewal renewal : renewals) {
            bulk.updateOne(owned(renewal.partID(), replica),
                    renewal.progress().into(new Update().set("leaseUntil", until).set("updatedAt", now)));
        }
        if (bulk.execute().getMatchedCount() == renewals.size()) {
            return Set.of();
        }
        // some renewal matched nothing: find which of the parts are no longer this replica's
        Set<String> lost = new HashSet<>(renewals.stream().map(Renewal::partID).toList());
        mongo.find(Query.query(where("_id").in(lost).and("owner").is(replica).and("state").is(PartState.Running)), RunPart.class)
                .forEach(part -> lost.remove(part.id()));
        return lost;
    }

    private static Query owned(String partID, String replica) {
        return Query.query(where("_id").is(partID).and("owner").is(replica).and("state").is(PartState.Running));
    }

    /** Marks a part done with its final progress; false when this replica no longer owns it. */
    boolean finish(String partID, String replica, Instant now, PartCheckpoint progress, EndReason reason) {
        Query query = owned(partID, replica);
        Update update = progress.into(new Update().set("state", PartState.Done).set("leaseUntil", null)
                .set("endReason", reason).set("updatedAt", now));
        return mongo.updateFirst(query, update, RunPart.class).getModifiedCount() > 0;
    }

    /**
     * Gives a part back with its progress so that another replica resumes it at once (shutdown): dated
     * {@code claimableFrom}, in the past, so that polls need not let it settle.
     */
    boolean release(String partID, String replica, Instant claimableFrom, PartCheckpoint progress) {
        Query query = owned(partID, replica);
        Update update = progress.into(new Update().set("state", PartState.Ready).set("owner", null).set("leaseUntil", null)
                .set("updatedAt", claimableFrom));
        return mongo.updateFirst(query, update, RunPart.class).getModifiedCount() > 0;
    }

    long countOwnedBy(String replica) {
        return mongo.count(Query.query(where("owner").is(replica).and("state").is(PartState.Running)), RunPart.class);
    }
}
