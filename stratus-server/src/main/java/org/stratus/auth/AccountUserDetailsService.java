package org.stratus.auth;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.stratus.db.DatabaseRetry;
import org.stratus.users.UserAccount;

/**
 * Loads account and password hash in one query per request. Reading the hash every time is what makes a password
 * change effective at once on every replica, even with {@link VerifiedCredentialCache} in front of the KDF.
 */
final class AccountUserDetailsService implements UserDetailsService {

    private final JdbcClient jdbc;
    private final DatabaseRetry retry;

    AccountUserDetailsService(JdbcClient jdbc, DatabaseRetry retry) {
        this.jdbc = jdbc;
        this.retry = retry;
    }

    /** Retried through a failover; past the window a 503 surfaces through the authentication entry point. */
    @Override
    public UserDetails loadUserByUsername(String username) {
        return retry.call(() -> load(username));
    }

    private UserDetails load(String username) {
        return jdbc.sql("SELECT id, username, display_name, email, quota_bytes, password_hash FROM users "
                        + "WHERE lower(username) = lower(?)")
                .param(username)
                .query((rs, n) -> new AuthenticatedUser(new UserAccount(rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getLong(5)), rs.getString(6)))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }
}
