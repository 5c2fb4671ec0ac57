package org.stratus.blob;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Retries get, delete and list when the backend reports a {@link TransientBlobStoreException} (a 5xx, throttling, a
 * reset connection), with the bounded backoff of its {@link Retrier}.
 *
 * <p>A put is passed through once. Its source is the client's upload, which can be read only once: retrying the
 * whole put would mean keeping the whole body somewhere first, which is what the blob store is for. Backends retry
 * instead the pieces they already hold in memory (each part of an S3 multipart upload), and a put that fails anyway
 * leaves nothing behind, so the caller ({@code FileService}) reports the failure and commits nothing.
 *
 * <p>Only opening a download is retried, not a failure while the caller reads it: by then the caller may have sent
 * part of it on.
 */
public final class RetryingBlobStore implements BlobStore {

    private final BlobStore delegate;
    private final Retrier retrier;

    public RetryingBlobStore(BlobStore delegate, Retrier retrier) {
        this.delegate = delegate;
        this.retrier = retrier;
    }

    @Override
    public void put(String key, InputStream content) throws IOException {
        delegate.put(key, content);
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        return retrier.call("get", () -> delegate.get(key, offset, length));
    }

    @Override
    public Optional<Path> localFile(String key) throws IOException {
        return delegate.localFile(key); // a local stat has nothing transient to retry
    }

    @Override
    public void delete(String key) throws IOException {
        retrier.call("delete", () -> {
            delegate.delete(key);
            return null;
        });
    }

    /** After a retry, keys delivered before the failure may be delivered again. */
    @Override
    public void list(Instant before, Consumer<String> keys) throws IOException {
        retrier.call("list", () -> {
            delegate.list(before, keys);
            return null;
        });
    }

    @Override
    public String backend() {
        return delegate.backend();
    }
}
