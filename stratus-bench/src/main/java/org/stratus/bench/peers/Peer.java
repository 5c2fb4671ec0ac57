package org.stratus.bench.peers;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One WebDAV server under test, run as separate processes on loopback with settings equivalent to the others: the
 * same bench user, HTTP Basic authentication (except {@code apache-noauth}), files on the same disk.
 *
 * <p>What a client must do to get the same answers from every peer (the peer tests check it on each):
 * <ul>
 *   <li>Write every collection URI with a trailing '/', in the request line and in {@code Destination} (MKCOL,
 *       DELETE, MOVE and COPY of a folder). nginx requires it (409/400 without); the others accept it.
 *   <li>Send {@code Destination} as an absolute URI on the same scheme, host and port as {@link #filesRoot()}:
 *       nginx refuses another spelling of loopback (400).
 *   <li>Count any 2xx as success: nginx answers 204 where RFC 4918 says 201 (MOVE/COPY of a file to a new
 *       name), rclone 201 where the others say 204 (PUT over an existing file).
 *   <li>Create parent folders with MKCOL before PUT: Apache and Stratus answer 409 and rclone 404 when the parent
 *       is missing (nginx alone creates it).
 *   <li>PROPFIND Depth 0 or 1 only: Depth infinity is 403 on Stratus, Apache and nginx.
 * </ul>
 * Per-peer differences in what PROPFIND returns are in each implementation's documentation.
 */
public interface Peer extends AutoCloseable {

    /** Name used in the report and the JSON: stratus, stratus-ha, apache, apache-noauth, nginx, rclone. */
    String name();

    /** Debian packages this peer needs that are not installed; empty when it can run. */
    List<String> missingPackages();

    /** Starts the server and returns once it answers an authenticated request. */
    void start(PeerContext context) throws Exception;

    /** The collection that holds the bench user's files, ending with '/'. */
    URI filesRoot();

    /** Credentials the client must send; empty when the peer runs without authentication. */
    Optional<Credentials> credentials();

    /**
     * Process ids whose resource usage counts as the server's (descendants of each are included by the sampler);
     * for Stratus this includes its PostgreSQL, for stratus-ha also HAProxy.
     */
    List<Long> processIds();

    /** Time from launching the processes to the first successful authenticated request. */
    Duration startupTime();

    /** A line for the report about what ran: version, JVM, MPM, worker counts. */
    String description();

    /** Stops every process the peer started; safe to call when start failed halfway. */
    @Override
    void close();

    /**
     * What every peer is given: a private work folder (the peer's files, config and logs go straight in it, so give
     * each peer its own), the credentials to require, and the server jar.
     */
    record PeerContext(Path workDir, Credentials credentials, Path stratusJar, Path stratusJavaHome) {}

    /** The bench user; Stratus refuses passwords under 8 characters, so give at least that many. */
    record Credentials(String user, String password) {
        /** The value of the Authorization header for HTTP Basic, as every client of the bench sends it. */
        public String basicAuthorization() {
            return "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
