package io.moniflux.coordination;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param replicaId     this replica's name in leases and results; host name and a random suffix when blank
 * @param lease         how long a part stays owned without renewal; another replica claims it after
 * @param renewInterval how often an owner renews its leases (persisting its parts' checkpoints) at least
 * @param progressInterval how often an owner writes the seconds its parts closed (with their checkpoints), in
 *                      one bulk write: the live views lag by little more than a second and this
 * @param pollInterval  how often a replica looks for requests on its runs and for parts to claim
 * @param reconcileInterval how often schedules no timer holds are looked for
 * @param scheduleHorizon   how far ahead timers are armed
 * @param scheduleGrace     a schedule missed while no replica ran still starts when it is at most this late
 * @param followUpInterval  how often a replica looks for runs' follow-ups (verification, webhook call)
 *                          that a replica which is gone left undone
 * @param repairInterval    how often runs left half-written by a crash are looked for
 * @param renewDeadline     how long a part may go without renewing its lease before its replica stops it
 */
@ConfigurationProperties("moniflux.coordination")
public record CoordinationProperties(
        String replicaId,
        @DefaultValue("10s") Duration lease,
        @DefaultValue("1s") Duration renewInterval,
        @DefaultValue("250ms") Duration progressInterval,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("2s") Duration reconcileInterval,
        @DefaultValue("1m") Duration scheduleHorizon,
        @DefaultValue("5m") Duration scheduleGrace,
        @DefaultValue("10s") Duration followUpInterval,
        @DefaultValue("10s") Duration repairInterval,
        Duration renewDeadline) {

    /**
     * How long a part may go without a successful lease renewal before its replica stops it (cut off
     * from the database, it must stop before another replica takes the part over): by default two
     * thirds of the lease, as client-go's leader election stops at its renew deadline.
     */
    public Duration renewDeadline() {
        return renewDeadline != null ? renewDeadline : lease.multipliedBy(2).dividedBy(3);
    }
}
