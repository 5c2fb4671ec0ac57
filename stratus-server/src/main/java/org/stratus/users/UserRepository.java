package org.stratus.users;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.stratus.files.NodeRepository;

/** Users in PostgreSQL. Each user owns one root folder node, created in the same transaction as the user. */
public final class UserRepository {

    private final JdbcClient jdbc;

    public UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the user unless one with that name (case-insensitive) exists; empty when it did. */
    public Optional<UserAccount> insertIfAbsent(String username, String displayName, String passwordHash,
            long quotaBytes) {
        Optional<Long> id = jdbc.sql("""
                INSERT INTO users (username, display_name, password_hash, quota_bytes)
                VALUES (:username, :displayName, :hash, :quota)
                ON CONFLICT ((lower(username))) DO NOTHING
                RETURNING id""")
                .param("username", username)
                .param("displayName", displayName)
                .param("hash", passwordHash)
                .param("quota", quotaBytes)
                .query(Long.class)
                .optional();
        id.ifPresent(userId -> NodeRepository.insertRoot(jdbc, userId));
        return id.map(userId -> new UserAccount(userId, username, displayName, null, quotaBytes));
    }

    public Optional<UserAccount> find(String username) {
        return jdbc.sql("SELECT id, username, display_name, email, quota_bytes FROM users WHERE lower(username) = lower(?)")
                .param(username)
                .query((rs, n) -> new UserAccount(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5)))
                .optional();
    }

    /** The stored password hash, for authentication only. */
    public Optional<Credentials> findCredentials(String username) {
        return jdbc.sql("SELECT id, username, password_hash FROM users WHERE lower(username) = lower(?)")
                .param(username)
                .query((rs, n) -> new Credentials(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    public List<UserAccount> list() {
        return jdbc.sql("SELECT id, username, display_name, email, quota_bytes FROM users ORDER BY lower(username)")
                .query((rs, n) -> new UserAccount(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5)))
                .list();
    }

    public boolean updatePasswordHash(String username, String passwordHash) {
        return jdbc.sql("UPDATE users SET password_hash = ? WHERE lower(username) = lower(?)")
                .params(passwordHash, username)
                .update() == 1;
    }

    /** Deletes the user and, through the foreign keys, all their nodes, properties and locks. */
    public boolean delete(String username) {
        return jdbc.sql("DELETE FROM users WHERE lower(username) = lower(?)").param(username).update() == 1;
    }

    /** Blob keys of everything a user owns, to remove after the user is deleted. */
    public List<String> blobKeys(String username) {
        return jdbc.sql("""
                SELECT n.blob_key FROM nodes n JOIN users u ON u.id = n.owner_id
                WHERE lower(u.username) = lower(?) AND n.blob_key IS NOT NULL""")
                .param(username)
                .query(String.class)
                .list();
    }

    /** Username and hash as stored: what authentication compares against. */
    public record Credentials(long id, String username, String passwordHash) {
        @Override
        public String toString() {
            return "Credentials[id=" + id + ", username=" + username + ", passwordHash=***]";
        }
    }
}
