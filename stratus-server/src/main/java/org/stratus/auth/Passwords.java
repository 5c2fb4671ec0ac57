package org.stratus.auth;

import java.util.Map;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Password hashing: Argon2id for new hashes (prefix {@code {argon2}}), bcrypt still accepted for imports. */
public final class Passwords {

    private Passwords() {}

    /** The encoder that stores hashes; used by the server and by the CLI. */
    public static PasswordEncoder encoder() {
        return new DelegatingPasswordEncoder("argon2", Map.of(
                "argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                "bcrypt", new BCryptPasswordEncoder()));
    }

    /** The encoder authentication uses: the same, behind the verified-credential cache. */
    static PasswordEncoder cachingEncoder() {
        return new VerifiedCredentialCache(encoder());
    }
}
