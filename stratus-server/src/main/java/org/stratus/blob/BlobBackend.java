package org.stratus.blob;

import java.io.IOException;
import java.time.Instant;

/**
 * A storage backend as configured ({@code stratus.blob.backend}): the blob store itself, plus the housekeeping only
 * the backend can do. Decorators implement {@link BlobStore} alone, so there is always exactly one of these.
 */
public interface BlobBackend extends BlobStore {

    /**
     * Removes what uploads that died before {@code before} left behind outside the key space (temporary files,
     * unfinished multipart uploads) and returns how many were removed.
     */
    int deleteStaleTemporaries(Instant before) throws IOException;
}
