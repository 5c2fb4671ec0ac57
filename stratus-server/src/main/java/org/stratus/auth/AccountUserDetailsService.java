package org.stratus.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.stratus.db.DatabaseRetry;
import org.stratus.files.FilePath;
import org.stratus.files.Node;
import org.stratus.files.NodeRepository;
import org.stratus.users.UserAccount;

/**
 * Loads account and password hash in one query per request. Reading the hash every time is what makes a password
 * change effective at once on every replica, even with {@link VerifiedCredentialCache} in front of the KDF. When
 * the request's handler will start by reading one node ({@link AccountLookahead}), the same query reads it too.
 */
final class AccountUserDetailsService implements UserDetailsService {

    private static final String ACCOUNT_COLUMNS = "u.id, u.username, u.display_name, u.email, u.quota_bytes, "
            + "u.password_hash";
    private static final int FIRST_NODE_COLUMN = 7;

    private final JdbcClient jdbc;
    private final DatabaseRetry retry;
    private final AccountLookahead lookahead;

    AccountUserDetailsService(JdbcClient jdbc, DatabaseRetry retry, AccountLookahead lookahead) {
        this.jdbc = jdbc;
        this.retry = retry;
        this.lookahead = lookahead;
    }

    /** Retried through a failover; past the window a 503 surfaces through the authentication entry point. */
    @Override
    public UserDetails loadUserByUsername(String username) {
        HttpServletRequest request = currentRequest();
        Optional<FilePath> path = request == null ? Optional.empty() : lookahead.pathFor(request, username);
        return path.isEmpty()
                ? retry.call(() -> load(username))
                : retry.call(() -> loadWithNode(username, path.get(), request));
    }

    private UserDetails load(String username) {
        return jdbc.sql("SELECT " + ACCOUNT_COLUMNS + " FROM users u WHERE lower(u.username) = lower(?)")
                .param(username)
                .query((rs, n) -> new AuthenticatedUser(account(rs), rs.getString(6)))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }

    private UserDetails loadWithNode(String username, FilePath path, HttpServletRequest request) {
        return jdbc.sql("SELECT " + ACCOUNT_COLUMNS + ", " + NodeRepository.columns("n") + " FROM users u "
                        + "LEFT JOIN nodes n ON n.owner_id = u.id AND n.path = ? WHERE lower(u.username) = lower(?)")
                .params(path.value(), username)
                .query((rs, n) -> {
                    UserAccount account = account(rs);
                    rs.getLong(FIRST_NODE_COLUMN);
                    Optional<Node> node = rs.wasNull() ? Optional.empty()
                            : Optional.of(NodeRepository.mapNode(rs, FIRST_NODE_COLUMN));
                    new PrefetchedNode(account.id(), path, node).storeOn(request);
                    return new AuthenticatedUser(account, rs.getString(6));
                })
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }

    /** The account from the {@link #ACCOUNT_COLUMNS} at the start of a row. */
    private static UserAccount account(ResultSet rs) throws SQLException {
        return new UserAccount(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5));
    }

    private static HttpServletRequest currentRequest() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
    }
}
