package org.stratus.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stratus.bench.peers.Peer.Credentials;
import org.stratus.bench.peers.Peer.PeerContext;

/**
 * Each peer starts in a fresh folder, serves the requests the benchmark makes, refuses anonymous clients (except
 * apache-noauth) and stops without leaving a process behind. The servers must be installed (CI installs them): a
 * missing package fails the test rather than skipping it, so that a benchmark never silently loses a peer.
 */
class PeersTest {

    private static final Credentials BENCH = new Credentials("bench", "bench-pw-Xy7");

    @TempDir
    Path work;

    @Test
    void apacheServesDavBehindBasicAuth() throws Exception {
        check(ApachePeer.withBasicAuth());
    }

    @Test
    void apacheNoauthServesDavToAnyone() throws Exception {
        check(ApachePeer.withoutAuth());
    }

    @Test
    void stratusServesDavWithItsEmbeddedDatabase() throws Exception {
        check(new StratusPeer());
    }

    @Test
    void stratusHaServesDavThroughHaproxyOverThreeReplicas() throws Exception {
        check(new StratusHaPeer());
    }

    @Test
    void nginxServesDavBehindBasicAuth() throws Exception {
        check(new NginxPeer());
    }

    @Test
    void rcloneServesDavBehindBasicAuth() throws Exception {
        check(new RclonePeer());
    }

    private void check(Peer peer) throws Exception {
        assertThat(peer.missingPackages()).as("packages %s needs; install them with: %s", peer.name(),
                PackageInstaller.command(peer.missingPackages())).isEmpty();
        try {
            peer.start(context());
            System.out.printf("%s started in %d ms: %s%n", peer.name(), peer.startupTime().toMillis(),
                    peer.description());
            PeerContract.verify(peer);
        } finally {
            PeerContract.closeLeavingNothing(peer);
        }
    }

    private PeerContext context() {
        Path jar = Path.of(System.getProperty("stratus.jar", "../stratus-server/target/stratus-server.jar"));
        return new PeerContext(work, BENCH, jar, null);
    }
}
