package io.moniflux.results;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Per-second timelines, kept in buckets of a minute per run part ({@code run_timeline}), so that a
 * day-long run never nears MongoDB's document size limit; reading merges the parts of a run.
 */
@Component
public class TimelineStore implements InitializingBean {

    static final String COLLECTION = "run_timeline";
    private static final Logger log = LoggerFactory.getLogger(TimelineStore.class);

    private final MongoTemplate mongo;
    private final ResultsProperties properties;

    public TimelineStore(MongoTemplate mongo, ResultsProperties properties) {
        this.mongo = mongo;
        this.properties = properties;
    }

    /** Buckets are found by run, and expire after the retention (MongoDB's TTL monitor removes them). */
    @Override
    public void afterPropertiesSet() {
        try {
            mongo.indexOps(COLLECTION).createIndex(new Index()
                    .on("runID", Sort.Direction.ASC)
                    .on("minute", Sort.Direction.ASC));
            mongo.indexOps(COLLECTION).createIndex(new Index()
                    .on("createdAt", Sort.Direction.ASC)
                    .expire(properties.timelineRetention()));
        } catch (RuntimeException e) {
            log.debug("Timeline indexes not created: {}", e.getMessage());
        }
    }

    /** Points of one run part, to append. */
    public record PartPoints(String runID, int part, List<TimelinePoint> points) {
    }

    /** Appends points of one part; each point lands in the bucket of its minute. */
    public void append(String runID, int part, List<TimelinePoint> points) {
        appendAll(List.of(new PartPoints(runID, part, points)));
    }

    /** Appends points of many parts in one bulk write: what a replica's parts closed since its last write. */
    public void appendAll(List<PartPoints> parts) {
        BulkOperations bulk = null;
        Instant now = Instant.now();
        for (PartPoints part : parts) {
            Map<Long, List<TimelinePoint>> byMinute = new TreeMap<>();
            for (TimelinePoint point : part.points()) {
                byMinute.computeIfAbsent(point.second() / 60, minute -> new ArrayList<>()).add(point);
            }
            for (Map.Entry<Long, List<TimelinePoint>> bucket : byMinute.entrySet()) {
                Query query = Query.query(where("_id").is(part.runID() + "#" + part.part() + "#" + bucket.getKey()));
                Update update = new Update().setOnInsert("runID", part.runID()).setOnInsert("part", part.part())
                        .setOnInsert("minute", bucket.getKey()).setOnInsert("createdAt", now)
                        .push("points").each(bucket.getValue().toArray());
                if (bulk == null) {
                    bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
                }
                bulk.upsert(query, update);
            }
        }
        if (bulk != null) {
            bulk.execute();
        }
    }

    /** The timeline of a run: one point per second and signal, the parts added up. */
    /** Deletes the timelines of runs deleted with their test. */
    public void delete(Collection<String> runIDs) {
        mongo.remove(Query.query(where("runID").in(runIDs)), COLLECTION);
    }

    public List<TimelinePoint> read(String runID) {
        Map<String, TimelinePoint> merged = new LinkedHashMap<>();
        for (Bucket bucket : mongo.find(Query.query(where("runID").is(runID)), Bucket.class, COLLECTION)) {
            if (bucket.points() == null) {
                continue;
            }
            for (TimelinePoint point : bucket.points()) {
                merged.merge(point.second() + "|" + point.signal(), point, TimelinePoint::plus);
            }
        }
        return merged.values().stream()
                .sorted(Comparator.comparingLong(TimelinePoint::second).thenComparing(TimelinePoint::signal))
                .toList();
    }

    /** The points of the last two minutes up to {@code second}, parts added up: enough for current rates. */
    public List<TimelinePoint> recent(String runID, long second) {
        Query query = Query.query(where("runID").is(runID).and("minute").gte(second / 60 - 1));
        Map<String, TimelinePoint> merged = new LinkedHashMap<>();
        for (Bucket bucket : mongo.find(query, Bucket.class, COLLECTION)) {
            if (bucket.points() != null) {
                bucket.points().forEach(point -> merged.merge(point.second() + "|" + point.signal(), point, TimelinePoint::plus));
            }
        }
        return merged.values().stream()
                .sorted(Comparator.comparingLong(TimelinePoint::second).thenComparing(TimelinePoint::signal)).toList();
    }

    /**
     * The seconds from {@code fromSecond} on, parts added up, and the last second every part that
     * reported in that window has flushed: a later second may still lack another part's events.
     */
    public Window since(String runID, long fromSecond) {
        Query query = Query.query(where("runID").is(runID).and("minute").gte(Math.max(0, fromSecond) / 60));
        Map<String, TimelinePoint> merged = new LinkedHashMap<>();
        Map<Integer, Long> latestByPart = new HashMap<>();
        for (Bucket bucket : mongo.find(query, Bucket.class, COLLECTION)) {
            if (bucket.points() == null) {
                continue;
            }
            for (TimelinePoint point : bucket.points()) {
                latestByPart.merge(bucket.part(), point.second(), Math::max);
                if (point.second() >= fromSecond) {
                    merged.merge(point.second() + "|" + point.signal(), point, TimelinePoint::plus);
                }
            }
        }
        long complete = latestByPart.values().stream().mapToLong(Long::longValue).min().orElse(-1);
        List<TimelinePoint> points = merged.values().stream()
                .sorted(Comparator.comparingLong(TimelinePoint::second).thenComparing(TimelinePoint::signal)).toList();
        return new Window(points, complete);
    }

    /** Points of a run's recent seconds, and the last second all its reporting parts have flushed (-1: none). */
    public record Window(List<TimelinePoint> points, long complete) {

        /** The points of one second. */
        public List<TimelinePoint> at(long second) {
            return points.stream().filter(point -> point.second() == second).toList();
        }
    }

    record Bucket(String id, String runID, int part, long minute, List<TimelinePoint> points) {
    }
}
