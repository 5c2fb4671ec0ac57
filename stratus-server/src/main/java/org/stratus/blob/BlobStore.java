package org.stratus.blob;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Where file contents live. Blobs are immutable: a new version of a file is a new blob under a new key, so a
 * reader never sees a half-written file and a failed upload never touches the old content. Metadata (which key
 * a file points to) lives in PostgreSQL; a blob that no node references is garbage for the sweeper.
 *
 * <p>Kept narrow on purpose so that an S3 backend fits: put, ranged get, delete, list.
 */
public interface BlobStore {

    /**
     * Stores the stream's bytes under {@code key}; when this returns normally the bytes are durable. On failure
     * nothing is left under the key.
     */
    void put(String key, InputStream content) throws IOException;

    /**
     * Opens {@code length} bytes from {@code offset}; the caller closes the stream.
     *
     * @throws java.nio.file.NoSuchFileException when no blob has this key (for example, a replaced file's old
     *     content, released after the reader looked up the key)
     */
    InputStream get(String key, long offset, long length) throws IOException;

    /** Removes the blob; a missing blob is not an error. */
    void delete(String key) throws IOException;

    /** Calls back with every stored blob last modified before {@code before} (for garbage collection). */
    void list(Instant before, Consumer<String> keys) throws IOException;

    /** Short backend name for logs and metrics, e.g. {@code filesystem}. */
    String backend();
}
