package io.moniflux.coordination;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.moniflux.loadtest.FollowUp;
import io.moniflux.loadtest.RunFollowUps;
import io.moniflux.loadtest.TestRun;

/**
 * Who does work that outlives a request — a run's follow-ups — and whether that worker is gone, so
 * that another replica takes the work over. A worker is one process of a replica: a replica restarted
 * under the same name (a Kubernetes pod whose container restarted) is a new worker, and the work its
 * earlier process left undone is taken over like that of a replica that died.
 */
@Component
public class LiveReplicas {

    private static final Logger log = LoggerFactory.getLogger(LiveReplicas.class);
    private static final char SEPARATOR = '#';

    private final ReplicaRegistry registry;
    private final Replica replica;
    private final RunFollowUps followUps;
    private final String worker;

    LiveReplicas(ReplicaRegistry registry, Replica replica, RunFollowUps followUps) {
        this.registry = registry;
        this.replica = replica;
        this.followUps = followUps;
        this.worker = replica.id() + SEPARATOR + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This process, as the worker of a follow-up. */
    public String worker() {
        return worker;
    }

    /**
     * Takes over the follow-ups of a kind that a worker which is gone left undone, of the runs ready for
     * them; when several replicas try, each run goes to one.
     *
     * @return the runs whose follow-up this worker now does
     */
    public List<TestRun> takeOverOrphans(FollowUp kind, Predicate<TestRun> ready) {
        List<TestRun> candidates = followUps.withFollowUp(kind);
        if (candidates.isEmpty()) {
            return List.of();
        }
        Set<String> live = registry.live().stream().map(ReplicaRegistry.Heartbeat::id).collect(Collectors.toSet());
        List<TestRun> taken = new ArrayList<>();
        for (TestRun run : candidates) {
            String earlier = run.followUp(kind).orElseThrow();
            if (ready.test(run) && gone(earlier, live) && followUps.takeOver(run.runID(), kind, earlier, worker)) {
                log.info("Taking over the {} follow-up of run {} from {}", kind, run.runID(), earlier);
                taken.add(run);
            }
        }
        return taken;
    }

    /**
     * Whether a worker is gone: an earlier process of this replica, or a replica without a heartbeat
     * for a lease (one that shut down cleanly has left at once).
     */
    private boolean gone(String other, Set<String> live) {
        if (worker.equals(other)) {
            return false;
        }
        int separator = other.lastIndexOf(SEPARATOR);
        String replicaId = separator < 0 ? other : other.substring(0, separator);
        return replica.id().equals(replicaId) || !live.contains(replicaId);
    }
}
