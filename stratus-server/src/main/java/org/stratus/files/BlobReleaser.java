package org.stratus.files;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratus.blob.BlobStore;

/**
 * Deletes blobs that no node references any more, after the transaction that dropped the reference committed.
 * A failure here only leaves garbage, which the sweeper removes later; it never loses data.
 */
public final class BlobReleaser {

    private static final Logger log = LoggerFactory.getLogger(BlobReleaser.class);

    private final NodeRepository nodes;
    private final BlobStore blobs;

    public BlobReleaser(NodeRepository nodes, BlobStore blobs) {
        this.nodes = nodes;
        this.blobs = blobs;
    }

    public void release(Collection<String> blobKeys) {
        Set<String> keys = new LinkedHashSet<>(blobKeys);
        keys.remove(null);
        if (keys.isEmpty()) {
            return;
        }
        Set<String> referenced;
        try {
            // One query for the whole batch: deleting a folder of 1,000 files asked 1,000 times.
            referenced = nodes.referencedBlobKeys(keys);
        } catch (RuntimeException e) {
            log.warn("Could not release {} unreferenced blobs (the sweeper will retry): {}", keys.size(), e.toString());
            return;
        }
        for (String key : keys) {
            if (referenced.contains(key)) {
                continue;
            }
            try {
                blobs.delete(key);
            } catch (IOException | RuntimeException e) {
                log.warn("Could not delete unreferenced blob {} (the sweeper will retry): {}", key, e.toString());
            }
        }
    }

    /** Deletes a blob that was written but never committed. */
    public void discard(String key) {
        try {
            blobs.delete(key);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not delete uncommitted blob {} (the sweeper will retry): {}", key, e.toString());
        }
    }
}
