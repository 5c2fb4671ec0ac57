package org.stratus.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where file contents live. Blobs are immutable: a new version of a file is a new blob under a new key, so a
 * reader never sees a half-written file and a failed upload never touches the old content. Metadata (which key
 * a file points to) lives in PostgreSQL; a blob that no node references is garbage for the sweeper.
 *
 * <p>Kept narrow on purpose so that an S3 backend fits: put, ranged get, delete, list. Backends are
 * {@link FileSystemBlobStore} and {@link org.stratus.blob.s3.S3BlobStore}, and every one passes the same contract
 * test suite ({@code BlobStoreContract}). A failure that may pass on a second try is thrown as a
 * {@link TransientBlobStoreException}, which {@link RetryingBlobStore} retries.
 */
public interface BlobStore {

    /**
     * Stores the stream's bytes under {@code key}; when this returns normally the bytes are durable. On failure
     * nothing is left under the key.
     */
    void put(String key, InputStream content) throws IOException;

    /**
     * Opens {@code length} bytes from {@code offset} (fewer when the blob ends first); the caller closes the stream.
     *
     * @throws java.nio.file.NoSuchFileException when no blob has this key: callers tell a concurrently released blob
     *     from a storage failure by this type
     */
    InputStream get(String key, long offset, long length) throws IOException;

    /**
     * The local file that holds the blob, for sending it with zero copies (sendfile); empty for stores whose blobs
     * are not local files.
     *
     * @throws java.nio.file.NoSuchFileException when no blob has this key, as {@link #get} does
     */
    default Optional<Path> localFile(String key) throws IOException {
        return Optional.empty();
    }

    /** Removes the blob; a missing blob is not an error. */
    void delete(String key) throws IOException;

    /**
     * Calls back with every stored blob last modified before {@code before} (for garbage collection). A key may be
     * delivered more than once (when a failed listing was retried).
     */
    void list(Instant before, Consumer<String> keys) throws IOException;

    /** Short backend name for logs and metrics, e.g. {@code filesystem}. */
    String backend();
}
