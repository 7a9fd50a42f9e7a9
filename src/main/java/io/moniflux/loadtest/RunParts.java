package io.moniflux.loadtest;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The parts of runs, which the replicas claim and execute. Coordination keeps them (with their leases);
 * the lifecycle asks for a new run's parts, and the read model reads how far they got.
 */
public interface RunParts {

    /** Writes the parts of a new run, ready to be claimed. */
    void launch(TestRun run);

    /** Forgets the parts of runs that are deleted with their test. */
    void forget(Collection<String> runIDs);

    /** How far each part of these runs got, by run id, in part order. */
    Map<String, List<PartProgress>> progress(Collection<TestRun> runs);
}
