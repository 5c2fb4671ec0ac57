package org.stratus.files;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.stratus.blob.BlobStore;
import org.stratus.blob.BlobBackend;
import org.stratus.config.StratusProperties;
import org.stratus.jobs.JobLeases;
import org.stratus.locks.LockService;
import org.stratus.ops.JobMetrics;

/**
 * Periodic clean-up, run by one replica per period (a {@link JobLeases} lease in PostgreSQL); every step is also
 * idempotent, so an overlap after a lease expired mid-run does no harm:
 * <ul>
 *   <li>blobs that no node references and that are older than {@code stratus.blob-sweep.min-age}: left behind when
 *       a process died between writing a blob and committing it, or between committing a delete and removing it;
 *   <li>upload temporaries of crashed processes (files in {@code tmp/}, unfinished S3 multipart uploads);
 *   <li>expired WebDAV locks (already ignored by every query; this only keeps the table small).
 * </ul>
 */
public final class MaintenanceJobs {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceJobs.class);
    public static final String JOB = "maintenance";

    private final BlobStore blobs;
    private final BlobBackend temporaries;
    private final NodeRepository nodes;
    private final LockService locks;
    private final StratusProperties.BlobSweep settings;
    private final Clock clock;
    private final JobMetrics metrics;
    private final JobLeases leases;

    public MaintenanceJobs(BlobStore blobs, BlobBackend temporaries, NodeRepository nodes, LockService locks,
            StratusProperties.BlobSweep settings, Clock clock, JobMetrics metrics, JobLeases leases) {
        this.leases = leases;
        this.blobs = blobs;
        this.temporaries = temporaries;
        this.metrics = metrics;
        this.nodes = nodes;
        this.locks = locks;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${stratus.blob-sweep.interval:1h}",
            fixedDelayString = "${stratus.blob-sweep.interval:1h}")
    public void run() {
        long start = System.nanoTime();
        try {
            if (!leases.tryAcquire(JOB, settings.interval())) {
                log.debug("Maintenance: another replica holds this period's lease");
                return;
            }
            SweepResult result = sweep();
            metrics.record(start, true);
            log.info("Maintenance: {} orphan blobs, {} stale temporaries, {} expired locks removed",
                    result.orphanBlobs(), result.staleTemporaries(), result.expiredLocks());
        } catch (IOException | RuntimeException e) {
            metrics.record(start, false);
            log.warn("Maintenance run failed; it will be retried at the next interval: {}", e.toString());
        }
    }

    public record SweepResult(int orphanBlobs, int staleTemporaries, int expiredLocks) {}

    public SweepResult sweep() throws IOException {
        Instant before = clock.instant().minus(settings.minAge());
        Set<String> candidates = new LinkedHashSet<>(); // a retried listing may repeat keys
        blobs.list(before, candidates::add);
        int orphans = 0;
        for (String key : candidates) {
            if (!nodes.isBlobReferenced(key)) {
                blobs.delete(key);
                orphans++;
            }
        }
        int staleTemporaries = temporaries.deleteStaleTemporaries(before);
        return new SweepResult(orphans, staleTemporaries, locks.deleteExpired());
    }
}
