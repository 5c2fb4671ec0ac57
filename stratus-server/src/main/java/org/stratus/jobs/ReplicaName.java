package org.stratus.jobs;

import java.util.UUID;

/**
 * A name for this server process, unique among replicas: {@code STRATUS_REPLICA_ID} or {@code HOSTNAME} (the pod
 * name in Kubernetes) plus a random suffix, so that two processes on one host never share a lease.
 */
public final class ReplicaName {

    private ReplicaName() {}

    public static String generate() {
        String base = System.getenv("STRATUS_REPLICA_ID");
        if (base == null || base.isBlank()) {
            base = System.getenv("HOSTNAME");
        }
        if (base == null || base.isBlank()) {
            base = "stratus";
        }
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
