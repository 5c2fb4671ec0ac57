package org.stratus.locks;

import java.time.Instant;
import org.stratus.files.FilePath;

/** A WebDAV write lock on a path (RFC 4918 section 6), held in PostgreSQL so that every replica enforces it. */
public record ActiveLock(
        String token,
        long ownerId,
        FilePath root,
        boolean depthInfinity,
        boolean exclusive,
        String ownerXml,
        long timeoutSeconds,
        Instant expiresAt) {

    /** True when this lock protects {@code path}: it is the lock root, or lies below a depth-infinity root. */
    public boolean covers(FilePath path) {
        return root.equals(path) || (depthInfinity && root.contains(path));
    }
}
