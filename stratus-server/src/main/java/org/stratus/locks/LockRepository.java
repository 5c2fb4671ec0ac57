package org.stratus.locks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.stratus.files.FilePath;

/** Locks in PostgreSQL; expired ones are ignored by every query and removed lazily. */
final class LockRepository {

    private static final String COLUMNS =
            "token, owner_id, path, depth_infinity, exclusive, owner_xml, timeout_seconds, expires_at";
    private static final RowMapper<ActiveLock> LOCK = LockRepository::map;

    private final JdbcClient jdbc;

    LockRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks at {@code path}, on an ancestor, or (when {@code withDescendants}) below it. */
    List<ActiveLock> related(long ownerId, FilePath path, boolean withDescendants) {
        return onSelfAncestorsOrBelow(ownerId, path, withDescendants).stream()
                .filter(lock -> lock.covers(path) || (withDescendants && path.contains(lock.root())))
                .toList();
    }

    /**
     * Every live lock whose root is {@code path} or an ancestor (whatever its depth), or (when
     * {@code withDescendants}) below it: the candidates callers filter with {@link ActiveLock#covers}.
     */
    List<ActiveLock> onSelfAncestorsOrBelow(long ownerId, FilePath path, boolean withDescendants) {
        List<String> ancestors = path.selfAndAncestors();
        return jdbc.sql("SELECT " + COLUMNS + " FROM dav_locks WHERE owner_id = ? AND expires_at > now() "
                        + "AND (path = ANY(?)" + (withDescendants ? " OR path LIKE ?" : "") + ")")
                .params(withDescendants
                        ? new Object[] {ownerId, ancestors.toArray(String[]::new), path.descendantsPattern()}
                        : new Object[] {ownerId, ancestors.toArray(String[]::new)})
                .query(LOCK)
                .list();
    }

    Optional<ActiveLock> find(long ownerId, String token) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dav_locks WHERE owner_id = ? AND token = ? "
                        + "AND expires_at > now()")
                .params(ownerId, token)
                .query(LOCK)
                .optional();
    }

    void insert(ActiveLock lock) {
        jdbc.sql("""
                INSERT INTO dav_locks (token, owner_id, path, depth_infinity, exclusive, owner_xml, timeout_seconds,
                                       expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?))""")
                .params(lock.token(), lock.ownerId(), lock.root().value(), lock.depthInfinity(), lock.exclusive(),
                        lock.ownerXml(), lock.timeoutSeconds(), lock.timeoutSeconds())
                .update();
    }

    void refresh(String token, long timeoutSeconds) {
        jdbc.sql("UPDATE dav_locks SET timeout_seconds = ?, expires_at = now() + make_interval(secs => ?) "
                        + "WHERE token = ?")
                .params(timeoutSeconds, timeoutSeconds, token)
                .update();
    }

    boolean delete(long ownerId, String token) {
        return jdbc.sql("DELETE FROM dav_locks WHERE owner_id = ? AND token = ?").params(ownerId, token).update() == 1;
    }

    int deleteExpired() {
        return jdbc.sql("DELETE FROM dav_locks WHERE expires_at <= now()").update();
    }

    private static ActiveLock map(ResultSet rs, int row) throws SQLException {
        return new ActiveLock(rs.getString("token"), rs.getLong("owner_id"), FilePath.parse(rs.getString("path")),
                rs.getBoolean("depth_infinity"), rs.getBoolean("exclusive"), rs.getString("owner_xml"),
                rs.getLong("timeout_seconds"), rs.getTimestamp("expires_at").toInstant());
    }

}
