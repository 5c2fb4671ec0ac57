package org.stratus.files;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The per-user tree in PostgreSQL. Callers that write run inside a transaction that has first taken
 * {@link #lockRoot}: every write to one user's tree is serialized on that row, which makes ancestor updates
 * deadlock-free and "two writers, one winner" hold across replicas.
 */
public final class NodeRepository {

    private static final String COLUMNS = "id, owner_id, parent_id, path, is_dir, size, mtime, etag, content_type, "
            + "blob_key, checksum_sha1, checksum_md5, checksum_adler32";
    private static final RowMapper<Node> NODE = (rs, row) -> mapNode(rs, 1);

    private final JdbcClient jdbc;

    public NodeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates a user's empty root folder (in the transaction that creates the user). */
    public static void insertRoot(JdbcClient jdbc, long ownerId) {
        jdbc.sql("""
                INSERT INTO nodes (owner_id, parent_id, path, name, is_dir, mtime, etag)
                VALUES (?, NULL, '', '', true, ?, ?)""")
                .params(ownerId, Instant.now().getEpochSecond(), Etags.next())
                .update();
    }

    public Optional<Node> find(long ownerId, FilePath path) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM nodes WHERE owner_id = ? AND path = ?")
                .params(ownerId, path.value())
                .query(NODE)
                .optional();
    }

    /** A node and its parent folder, looked up in one query. */
    public record WithParent(Optional<Node> node, Optional<Node> parent) {}

    /** The node at {@code path} (not the root) and the one at its parent path, in one round trip. */
    public WithParent findWithParent(long ownerId, FilePath path) {
        FilePath parentPath = path.parent();
        Node[] found = new Node[2];
        jdbc.sql("SELECT " + COLUMNS + " FROM nodes WHERE owner_id = ? AND path IN (?, ?)")
                .params(ownerId, path.value(), parentPath.value())
                .query(NODE)
                .list()
                .forEach(node -> found[node.path().equals(path) ? 0 : 1] = node);
        return new WithParent(Optional.ofNullable(found[0]), Optional.ofNullable(found[1]));
    }

    /** Serializes writers of one user's tree; see the class comment. */
    public Node lockRoot(long ownerId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM nodes WHERE owner_id = ? AND path = '' FOR UPDATE")
                .param(ownerId)
                .query(NODE)
                .optional()
                .orElseThrow(() -> new IllegalStateException("User " + ownerId + " has no root folder"));
    }

    public List<Node> children(long parentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM nodes WHERE parent_id = ? ORDER BY path")
                .param(parentId)
                .query(NODE)
                .list();
    }

    /** The node at {@code path} and everything below it, parents before children. */
    public List<Node> subtree(long ownerId, FilePath path) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM nodes WHERE owner_id = ? AND (path = ? OR path LIKE ?) "
                        + "ORDER BY path")
                .params(ownerId, path.value(), path.descendantsPattern())
                .query(NODE)
                .list();
    }

    public long insertDir(long ownerId, long parentId, FilePath path, long mtime) {
        return jdbc.sql("""
                INSERT INTO nodes (owner_id, parent_id, path, name, is_dir, mtime, etag)
                VALUES (?, ?, ?, ?, true, ?, ?) RETURNING id""")
                .params(ownerId, parentId, path.value(), path.name(), mtime, Etags.next())
                .query(Long.class)
                .single();
    }

    /** Inserts a file and returns it as stored (no second query to read it back). */
    public Node insertFile(long ownerId, long parentId, FilePath path, StoredContent content, long mtime,
            String contentType) {
        return jdbc.sql("""
                INSERT INTO nodes (owner_id, parent_id, path, name, is_dir, size, mtime, etag, content_type,
                                   blob_key, checksum_sha1, checksum_md5, checksum_adler32)
                VALUES (?, ?, ?, ?, false, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING\s""" + COLUMNS)
                .params(ownerId, parentId, path.value(), path.name(), content.size(), mtime, Etags.next(),
                        contentType, content.blobKey(), content.sha1(), content.md5(), content.adler32())
                .query(NODE)
                .single();
    }

    /** Points a file at new content and returns it as stored. */
    public Node replaceContent(long id, StoredContent content, long mtime, String contentType) {
        return jdbc.sql("""
                UPDATE nodes SET size = ?, mtime = ?, etag = ?, content_type = ?, blob_key = ?,
                                 checksum_sha1 = ?, checksum_md5 = ?, checksum_adler32 = ?
                WHERE id = ? RETURNING\s""" + COLUMNS)
                .params(content.size(), mtime, Etags.next(), contentType, content.blobKey(), content.sha1(),
                        content.md5(), content.adler32(), id)
                .query(NODE)
                .single();
    }

    /** Copies one node to a new path (blob shared: blobs are immutable); returns the new id. */
    public long copyNode(Node source, long newParentId, FilePath newPath) {
        return jdbc.sql("""
                INSERT INTO nodes (owner_id, parent_id, path, name, is_dir, size, mtime, etag, content_type,
                                   blob_key, checksum_sha1, checksum_md5, checksum_adler32)
                SELECT owner_id, ?, ?, ?, is_dir, size, mtime, ?, content_type,
                       blob_key, checksum_sha1, checksum_md5, checksum_adler32
                FROM nodes WHERE id = ? RETURNING id""")
                .params(newParentId, newPath.value(), newPath.name(), Etags.next(), source.id())
                .query(Long.class)
                .single();
    }

    /** Adds {@code sizeDelta} to each listed ancestor and gives each a new entity tag. */
    public void touchAncestors(long ownerId, List<String> paths, long sizeDelta) {
        jdbc.sql("UPDATE nodes SET size = size + ?, etag = " + Etags.SQL_NEXT
                        + " WHERE owner_id = ? AND path = ANY(?)")
                .params(sizeDelta, ownerId, paths.toArray(String[]::new))
                .update();
    }

    /**
     * {@link #touchAncestors} and {@link #setMtime} of one of those ancestors (the folder whose entries changed) in
     * one statement.
     */
    public void touchAncestors(long ownerId, List<String> paths, long sizeDelta, long changedFolderId, long mtime) {
        jdbc.sql("UPDATE nodes SET size = size + ?, etag = " + Etags.SQL_NEXT
                        + ", mtime = CASE WHEN id = ? THEN ? ELSE mtime END WHERE owner_id = ? AND path = ANY(?)")
                .params(sizeDelta, changedFolderId, mtime, ownerId, paths.toArray(String[]::new))
                .update();
    }

    /** A folder whose list of entries changed gets a new modification time, as Nextcloud does. */
    public void setMtime(long id, long mtime) {
        jdbc.sql("UPDATE nodes SET mtime = ? WHERE id = ?").params(mtime, id).update();
    }

    public void setMtimeOnly(long id, long mtime) {
        jdbc.sql("UPDATE nodes SET mtime = ?, etag = ? WHERE id = ?").params(mtime, Etags.next(), id).update();
    }

    /**
     * Deletes the node at {@code path} and everything below it in one statement, by path prefix, and returns the
     * blob keys the deleted files referenced. Deleting the subtree root alone would reach the descendants one
     * level per statement through the cascade trigger (V4 migration); deleting all of them at once leaves the
     * trigger nothing to find but their dead properties, which it removes set-based.
     */
    public List<String> deleteSubtree(long ownerId, FilePath path) {
        return jdbc.sql("""
                WITH deleted AS (
                    DELETE FROM nodes WHERE owner_id = ? AND (path = ? OR path LIKE ?) RETURNING blob_key)
                SELECT blob_key FROM deleted WHERE blob_key IS NOT NULL""")
                .params(ownerId, path.value(), path.descendantsPattern())
                .query(String.class)
                .list();
    }

    /** WebDAV locks do not survive the resource: DELETE and MOVE drop locks at and below the old path. */
    public void deleteLocks(long ownerId, FilePath path) {
        jdbc.sql("DELETE FROM dav_locks WHERE owner_id = ? AND (path = ? OR path LIKE ?)")
                .params(ownerId, path.value(), path.descendantsPattern())
                .update();
    }

    /** Moves a subtree: every path below {@code from} is rewritten to lie below {@code to}; ids stay. */
    public void moveSubtree(long ownerId, Node root, long newParentId, FilePath to) {
        FilePath from = root.path();
        jdbc.sql("UPDATE nodes SET path = ? || substr(path, ?) WHERE owner_id = ? AND path LIKE ?")
                .params(to.value(), from.value().length() + 1, ownerId, from.descendantsPattern())
                .update();
        jdbc.sql("UPDATE nodes SET path = ?, name = ?, parent_id = ? WHERE id = ?")
                .params(to.value(), to.name(), newParentId, root.id())
                .update();
    }

    /** Copies the dead properties of one node to another (COPY keeps them, RFC 4918 section 9.8.2). */
    public void copyProperties(long fromId, long toId) {
        jdbc.sql("INSERT INTO dead_properties (node_id, namespace, name, value) "
                        + "SELECT ?, namespace, name, value FROM dead_properties WHERE node_id = ?")
                .params(toId, fromId)
                .update();
    }

    /** The keys among {@code blobKeys} that some node still references. */
    public Set<String> referencedBlobKeys(Collection<String> blobKeys) {
        return new HashSet<>(jdbc.sql("SELECT DISTINCT blob_key FROM nodes WHERE blob_key = ANY(?)")
                .param(blobKeys.toArray(String[]::new))
                .query(String.class)
                .list());
    }

    public boolean isBlobReferenced(String blobKey) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM nodes WHERE blob_key = ?)")
                .param(blobKey)
                .query(Boolean.class)
                .single();
    }

    /** The node columns, each qualified with a table alias, in the order {@link #mapNode(ResultSet, int)} reads. */
    public static String columns(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    /**
     * A node from the {@link #COLUMNS} of a result row, starting at column {@code first} (1-based). By position:
     * looking columns up by name was a fifth of a large listing.
     */
    public static Node mapNode(ResultSet rs, int first) throws SQLException {
        int c = first - 1;
        long parent = rs.getLong(c + 3);
        Long parentId = rs.wasNull() ? null : parent;
        return new Node(
                rs.getLong(c + 1),
                rs.getLong(c + 2),
                parentId,
                FilePath.fromStorage(rs.getString(c + 4)),
                rs.getBoolean(c + 5),
                rs.getLong(c + 6),
                rs.getLong(c + 7),
                rs.getString(c + 8),
                rs.getString(c + 9),
                rs.getString(c + 10),
                rs.getString(c + 11),
                rs.getString(c + 12),
                rs.getString(c + 13));
    }
}
