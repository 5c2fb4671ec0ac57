package org.stratus.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.stratus.bench.peers.Peer.Credentials;
import org.stratus.bench.peers.ProcessUsage.Usage;

/**
 * What the load generator relies on, checked against a started peer: the methods it sends succeed, with collection
 * URIs (request and Destination) always ending in '/', which every peer accepts and nginx requires. A new target
 * of MOVE or COPY is 201 by RFC 4918, but nginx answers 204 for files: success is any 2xx.
 */
final class PeerContract {

    private PeerContract() {}

    static void verify(Peer peer) throws Exception {
        assertThat(peer.filesRoot().toString()).startsWith("http://127.0.0.1:").endsWith("/");
        assertThat(peer.startupTime()).isPositive();
        assertThat(peer.description()).isNotBlank();
        assertThat(peer.processIds()).isNotEmpty().allMatch(pid -> ProcessHandle.of(pid).isPresent());
        DavClient dav = new DavClient(peer.filesRoot(), peer.credentials());
        byte[] content = new byte[1 << 20];
        new Random(42).nextBytes(content);

        assertThat(dav.mkcol("rt/").statusCode()).as("MKCOL").isEqualTo(201);
        assertThat(dav.put("rt/a.bin", content).statusCode()).as("PUT new").isIn(201, 204);
        assertThat(dav.put("rt/a.bin", content).statusCode()).as("PUT over").isIn(200, 201, 204);
        HttpResponse<byte[]> get = dav.get("rt/a.bin");
        assertThat(get.statusCode()).as("GET").isEqualTo(200);
        assertThat(get.body()).as("GET body").isEqualTo(content);

        HttpResponse<byte[]> listing = dav.propfind("rt/", "1");
        assertThat(listing.statusCode()).as("PROPFIND Depth 1").isEqualTo(207);
        assertThat(new String(listing.body(), StandardCharsets.UTF_8)).contains("a.bin");
        assertThat(dav.propfind("rt/a.bin", "0").statusCode()).as("PROPFIND Depth 0 of a file").isEqualTo(207);

        assertThat(dav.transfer("COPY", "rt/a.bin", "rt/b.bin", true).statusCode()).as("COPY file").isIn(201, 204);
        assertThat(dav.transfer("MOVE", "rt/b.bin", "rt/c.bin", true).statusCode()).as("MOVE file").isIn(201, 204);
        assertThat(dav.get("rt/c.bin").body()).isEqualTo(content);
        assertThat(dav.get("rt/b.bin").statusCode()).as("GET moved away").isEqualTo(404);
        assertThat(dav.transfer("MOVE", "rt/c.bin", "rt/a.bin", false).statusCode()).as("MOVE, Overwrite: F")
                .isEqualTo(412);

        assertThat(dav.mkcol("rt/sub/").statusCode()).isEqualTo(201);
        assertThat(dav.put("rt/sub/x.txt", "x".getBytes(StandardCharsets.UTF_8)).statusCode()).isIn(201, 204);
        assertThat(dav.transfer("COPY", "rt/sub/", "rt/sub2/", true).statusCode()).as("COPY collection")
                .isIn(201, 204);
        assertThat(dav.transfer("MOVE", "rt/sub2/", "rt/sub3/", true).statusCode()).as("MOVE collection")
                .isIn(201, 204);
        assertThat(dav.get("rt/sub3/x.txt").statusCode()).isEqualTo(200);
        assertThat(dav.get("rt/sub2/x.txt").statusCode()).isEqualTo(404);
        assertThat(dav.delete("rt/sub3/x.txt").statusCode()).as("DELETE file").isEqualTo(204);
        assertThat(dav.delete("rt/").statusCode()).as("DELETE collection").isEqualTo(204);
        assertThat(dav.get("rt/a.bin").statusCode()).isEqualTo(404);

        if (peer.credentials().isPresent()) {
            assertThat(dav.anonymous().propfind("", "0").statusCode()).as("PROPFIND without credentials")
                    .isEqualTo(401);
            Credentials wrong = new Credentials(peer.credentials().get().user(), "not-the-password");
            assertThat(new DavClient(peer.filesRoot(), Optional.of(wrong)).propfind("", "0").statusCode())
                    .as("PROPFIND with a wrong password").isEqualTo(401);
        } else {
            assertThat(dav.anonymous().propfind("", "0").statusCode()).isEqualTo(207);
        }

        Usage usage = ProcessUsage.sample(peer.processIds());
        assertThat(usage.memoryBytes()).isPositive();
        assertThat(usage.cpuSeconds()).isNotNegative();
    }

    /** Closes the peer and checks that none of its processes, nor any of their descendants, is left running. */
    static void closeLeavingNothing(Peer peer) {
        Set<Long> before = ProcessUsage.withDescendants(peer.processIds());
        peer.close();
        List<Long> alive = before.stream()
                .filter(pid -> ProcessHandle.of(pid).filter(PeerContract::running).isPresent()).toList();
        assertThat(alive).as("processes of %s still running after close()", peer.name()).isEmpty();
    }

    /** A zombie (exited, not yet reaped by its parent) holds no port and no memory: it does not count. */
    private static boolean running(ProcessHandle handle) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + handle.pid() + "/stat"));
            return handle.isAlive() && !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
