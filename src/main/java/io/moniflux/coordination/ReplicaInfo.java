package io.moniflux.coordination;

import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** {@code /actuator/info}: which replica this is and how many run parts it executes. */
@Component
class ReplicaInfo implements InfoContributor {

    private final Replica replica;
    private final RunSupervisor supervisor;

    ReplicaInfo(Replica replica, RunSupervisor supervisor) {
        this.replica = replica;
        this.supervisor = supervisor;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("replica", Map.of("id", replica.id(), "runningParts", supervisor.executing()));
    }
}
