package org.stratus.files;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratus.blob.BlobStore;

/**
 * Deletes blobs that no node references any more, after the transaction that dropped the reference committed.
 * A failure here only leaves garbage, which the sweeper removes later; it never loses data.
 *
 * <p>{@link #releaseLater} releases a folder's worth of blobs on a background thread: a 2xx needs only the
 * metadata commit, and deleting the blobs of a folder of 1,000 files (1,000 unlinks, or 1,000 S3 requests) kept the
 * client waiting for work it does not depend on. A blob without a reference never gets one again (keys are never
 * reused and COPY only shares blobs that nodes reference), so releasing later is as safe as releasing now; a crash
 * before the release leaves orphans for the sweeper, as a crash between the commit and the release always did.
 * A few blobs (an overwritten or deleted file) are still released inline, where handing them over would cost about
 * as much as deleting them, and the old content is gone by the time the client sees the response.
 */
public final class BlobReleaser implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BlobReleaser.class);
    /** Batches (one per delete) waiting for the background thread; when full the request releases its own. */
    private static final int QUEUE_CAPACITY = 256;
    /** Batches up to this size are released inline by {@link #releaseLater}. */
    static final int INLINE_MAX = 16;

    private final NodeRepository nodes;
    private final BlobStore blobs;
    private final ExecutorService background;

    /** Releases synchronously in the caller (the CLI, which exits right after). */
    public BlobReleaser(NodeRepository nodes, BlobStore blobs) {
        this(nodes, blobs, null);
    }

    private BlobReleaser(NodeRepository nodes, BlobStore blobs, ExecutorService background) {
        this.nodes = nodes;
        this.blobs = blobs;
        this.background = background;
    }

    /** Releases on one background thread; {@link #close} lets queued releases finish. */
    public static BlobReleaser inBackground(NodeRepository nodes, BlobStore blobs) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), runnable -> {
                    Thread thread = new Thread(runnable, "blob-releaser");
                    thread.setDaemon(true);
                    return thread;
                },
                // Back-pressure instead of an unbounded queue: a burst of deletes slows down rather than piling up.
                new ThreadPoolExecutor.CallerRunsPolicy());
        return new BlobReleaser(nodes, blobs, executor);
    }

    /** Releases {@code blobKeys} soon: off the caller's thread for a large batch when running {@link #inBackground}. */
    public void releaseLater(Collection<String> blobKeys) {
        if (background == null || blobKeys.size() <= INLINE_MAX) {
            release(blobKeys);
            return;
        }
        List<String> keys = List.copyOf(blobKeys);
        background.execute(() -> release(keys));
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

    /**
     * Finishes the queued releases (the database and blob store close after this bean: it depends on them). What
     * does not finish in time is left to the sweeper.
     */
    @Override
    public void close() {
        if (background == null) {
            return;
        }
        background.shutdown();
        try {
            if (background.awaitTermination(30, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.warn("Blob releases still queued at shutdown are left to the sweeper");
        background.shutdownNow();
    }
}
