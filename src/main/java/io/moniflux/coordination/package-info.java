/**
 * Coordination across replicas: which replica executes which run part (leases in MongoDB), carrying
 * users' requests (stop, new rates) to the owner wherever it runs, resuming the parts of a replica
 * that died, and firing schedules exactly once.
 */
@ApplicationModule(displayName = "Coordination")
package io.moniflux.coordination;

import org.springframework.modulith.ApplicationModule;
