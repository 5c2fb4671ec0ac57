package org.stratus.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a blob only a grace period after it was asked to. A download of a large file is handed to Tomcat,
 * which sends it with sendfile(2) and opens the blob by name only after the GET's handler returned; a PUT or
 * DELETE on any replica that releases the blob in between would cut that download short. The grace covers that
 * gap many times over. Deletions still pending at shutdown are left as orphans for the sweeper.
 */
public final class DeferredDeleteBlobStore implements BlobStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeferredDeleteBlobStore.class);

    private final BlobStore delegate;
    private final Duration grace;
    private final ScheduledExecutorService deleter = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "blob-deferred-delete");
        thread.setDaemon(true);
        return thread;
    });

    public DeferredDeleteBlobStore(BlobStore delegate, Duration grace) {
        this.delegate = delegate;
        this.grace = grace;
    }

    @Override
    public void put(String key, InputStream content) throws IOException {
        delegate.put(key, content);
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        return delegate.get(key, offset, length);
    }

    @Override
    public Optional<Path> localFile(String key) throws IOException {
        return delegate.localFile(key);
    }

    /** Schedules the deletion; a blob that no node references is never read again, so nothing waits for it. */
    @Override
    public void delete(String key) throws IOException {
        if (grace.isZero()) {
            delegate.delete(key);
            return;
        }
        deleter.schedule(() -> {
            try {
                delegate.delete(key);
            } catch (IOException | RuntimeException e) {
                log.warn("Could not delete released blob {} (the sweeper will retry): {}", key, e.toString());
            }
        }, grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void list(Instant before, Consumer<String> keys) throws IOException {
        delegate.list(before, keys);
    }

    @Override
    public String backend() {
        return delegate.backend();
    }

    @Override
    public void close() {
        deleter.shutdownNow();
    }
}
