package org.stratus.locks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.files.FilePath;

/**
 * WebDAV write locks. Conflict checks and lock creation run in the caller's write transaction (after the user's
 * tree is locked), so two replicas racing for one lock give one winner and one 423.
 */
public final class LockService {

    public static final long MAX_TIMEOUT_SECONDS = 24 * 3600;
    public static final long DEFAULT_TIMEOUT_SECONDS = 1800;
    private static final String TOKEN_PREFIX = "opaquelocktoken:";

    private final LockRepository locks;

    public LockService(JdbcClient jdbc) {
        this.locks = new LockRepository(jdbc);
    }

    /** Locks that apply to {@code path} (for lockdiscovery): on it, or on an ancestor with depth infinity. */
    public List<ActiveLock> covering(long ownerId, FilePath path) {
        return locks.related(ownerId, path, false);
    }

    /**
     * Locks on {@code path}, on an ancestor with depth infinity, or anywhere below {@code path}: a superset of what
     * covers {@code path} and each of its members, so that a folder listing asks once ({@link ActiveLock#covers}
     * picks each entry's locks).
     */
    public List<ActiveLock> coveringOrBelow(long ownerId, FilePath path) {
        return locks.related(ownerId, path, true);
    }

    /** True when {@code token} names a live lock that covers {@code path}: what an If-header token must do. */
    public boolean tokenCovers(long ownerId, FilePath path, String token) {
        return locks.find(ownerId, token).filter(lock -> lock.covers(path)).isPresent();
    }

    /** Creates a lock; 423 when it conflicts with another. Must run in a write transaction. */
    public ActiveLock lock(long ownerId, FilePath path, boolean exclusive, boolean depthInfinity, String ownerXml,
            long timeoutSeconds) {
        for (ActiveLock existing : locks.related(ownerId, path, depthInfinity)) {
            if (existing.exclusive() || exclusive) {
                throw new StratusException(ErrorCode.LOCKED, "'" + path + "' is already locked");
            }
        }
        ActiveLock lock = new ActiveLock(TOKEN_PREFIX + UUID.randomUUID(), ownerId, path, depthInfinity, exclusive,
                ownerXml, clampTimeout(timeoutSeconds), null);
        locks.insert(lock);
        return locks.find(ownerId, lock.token()).orElseThrow();
    }

    /** Extends the lock named by one of {@code tokens} that covers {@code path}; 412 when there is none. */
    public ActiveLock refresh(long ownerId, FilePath path, Collection<String> tokens, long timeoutSeconds) {
        for (String token : tokens) {
            Optional<ActiveLock> lock = locks.find(ownerId, token).filter(l -> l.covers(path));
            if (lock.isPresent()) {
                locks.refresh(token, clampTimeout(timeoutSeconds));
                return locks.find(ownerId, token).orElseThrow();
            }
        }
        throw new StratusException(ErrorCode.PRECONDITION_FAILED,
                "No lock token in the If header matches a lock on '" + path + "'");
    }

    /** Removes a lock; 409 when the token does not name a lock covering {@code path}. */
    public void unlock(long ownerId, FilePath path, String token) {
        ActiveLock lock = locks.find(ownerId, token).filter(l -> l.covers(path))
                .orElseThrow(() -> new StratusException(ErrorCode.CONFLICT,
                        "The lock token does not match a lock on '" + path + "'"));
        locks.delete(ownerId, lock.token());
    }

    /**
     * Refuses (423) a change to {@code path} unless the client submitted the token of every lock that protects it.
     *
     * @param membership also check locks on the parent folder: creating, deleting or renaming changes its members
     * @param descendants also check locks below the path (DELETE and MOVE of a folder)
     */
    public void checkSubmitted(long ownerId, FilePath path, boolean membership, boolean descendants,
            Collection<String> submitted) {
        // One query: the locks on the path's ancestors include those on the parent's ancestors.
        List<ActiveLock> relevant = new ArrayList<>();
        for (ActiveLock lock : locks.onSelfAncestorsOrBelow(ownerId, path, descendants)) {
            boolean protectsPath = lock.covers(path) || (descendants && path.contains(lock.root()));
            boolean protectsMembership = membership && !path.isRoot() && lock.covers(path.parent());
            if (protectsPath || protectsMembership) {
                relevant.add(lock);
            }
        }
        boolean sharedSatisfied = relevant.stream().anyMatch(l -> !l.exclusive() && submitted.contains(l.token()));
        for (ActiveLock lock : relevant) {
            boolean satisfied = submitted.contains(lock.token()) || (!lock.exclusive() && sharedSatisfied);
            if (!satisfied) {
                throw new StratusException(ErrorCode.LOCKED, "'" + lock.root() + "' is locked; "
                        + "send its lock token in an If header");
            }
        }
    }

    public int deleteExpired() {
        return locks.deleteExpired();
    }

    private static long clampTimeout(long seconds) {
        return seconds <= 0 ? DEFAULT_TIMEOUT_SECONDS : Math.min(seconds, MAX_TIMEOUT_SECONDS);
    }
}
