package org.stratus.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.stratus.bench.peers.Peer.Credentials;

/**
 * The password file Apache, nginx and rclone check Basic credentials against, made as a deployment would:
 * {@code htpasswd -B -C 5} (bcrypt, htpasswd's default cost, {@code $2y$} prefix). All three accept it; nginx
 * through glibc/libxcrypt {@code crypt(3)}, rclone through its own bcrypt. Each request pays one bcrypt check on
 * these servers: none of them caches a verified password by default.
 */
final class Htpasswd {

    static final int BCRYPT_COST = 5;

    private Htpasswd() {}

    static Path write(Path file, Credentials credentials) throws IOException, InterruptedException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // -i: the password comes on standard input, never on a command line that ps would show.
        Commands.check(List.of("htpasswd", "-B", "-C", String.valueOf(BCRYPT_COST), "-c", "-i", file.toString(),
                credentials.user()), Map.of(), credentials.password() + "\n", 30);
        return file;
    }
}
