package org.stratus.users;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import org.stratus.files.BlobReleaser;

/**
 * User management shared by the server and the {@code stratus user} CLI; plain Java so that the CLI can use it
 * without starting the web server.
 */
public final class UserService {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    public static final int MIN_PASSWORD_LENGTH = 8;

    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final TransactionTemplate tx;
    private final BlobReleaser blobs;

    public UserService(UserRepository users, PasswordEncoder passwordEncoder, TransactionTemplate tx, BlobReleaser blobs) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.tx = tx;
        this.blobs = blobs;
    }

    /** Creates a user with an empty root folder; fails if the name is taken. */
    public UserAccount create(String username, String password, String displayName, long quotaBytes) {
        validateUsername(username);
        validatePassword(password);
        String hash = passwordEncoder.encode(password);
        String shownName = displayName == null || displayName.isBlank() ? username : displayName;
        return tx.execute(status -> users.insertIfAbsent(username, shownName, hash, quotaBytes))
                .orElseThrow(() -> new InvalidUserException("User '" + username + "' already exists"));
    }

    /** Creates the user unless it exists (any replica may call this at the same time); true when created. */
    public boolean createIfAbsent(String username, String password, long quotaBytes) {
        validatePassword(password);
        String hash = passwordEncoder.encode(password);
        return tx.execute(status -> users.insertIfAbsent(username, username, hash, quotaBytes)).isPresent();
    }

    public void changePassword(String username, String password) {
        validatePassword(password);
        if (!users.updatePasswordHash(username, passwordEncoder.encode(password))) {
            throw new InvalidUserException("User '" + username + "' does not exist");
        }
    }

    public List<UserAccount> list() {
        return users.list();
    }

    public Optional<UserAccount> find(String username) {
        return users.find(username);
    }

    /** Deletes the user with all their files; file contents are removed after the metadata is gone. */
    public void delete(String username) {
        List<String> blobKeys = tx.execute(status -> {
            List<String> keys = users.blobKeys(username);
            if (!users.delete(username)) {
                throw new InvalidUserException("User '" + username + "' does not exist");
            }
            return keys;
        });
        blobs.release(blobKeys);
    }

    private static void validateUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidUserException(
                    "A username has 1 to 64 characters from A-Z, a-z, 0-9 and _ . @ -");
        }
    }

    private static void validatePassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidUserException("A password has at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }
}
