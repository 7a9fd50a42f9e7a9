package io.moniflux.coordination;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.springframework.stereotype.Component;

/** This replica's identity in leases: stable for the life of the process, unique among replicas. */
@Component
public class Replica {

    private final String id;

    Replica(CoordinationProperties properties) {
        this.id = properties.replicaId() != null && !properties.replicaId().isBlank() ? properties.replicaId().strip()
                : hostName() + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    public String id() {
        return id;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "moniflux";
        }
    }
}
