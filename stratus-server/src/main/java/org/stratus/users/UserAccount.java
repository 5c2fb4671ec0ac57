package org.stratus.users;

/** A user as the rest of the server sees it; the password hash never leaves {@link UserRepository}'s callers in auth. */
public record UserAccount(long id, String username, String displayName, String email, long quotaBytes)
        implements java.io.Serializable {

    public boolean hasQuota() {
        return quotaBytes >= 0;
    }
}
