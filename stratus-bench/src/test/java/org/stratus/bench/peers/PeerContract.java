package org.stratus.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.stratus.bench.load.Content;
import org.stratus.bench.load.DavHttp;
import org.stratus.bench.load.DavHttp.UnexpectedResponse;
import org.stratus.bench.peers.Peer.Credentials;
import org.stratus.bench.peers.ProcessUsage.Usage;

/**
 * What the load generator relies on, checked against a started peer with the load generator's own client: the
 * methods it sends succeed, with collection URIs (request and Destination) always ending in '/', which every peer
 * accepts and nginx requires. A new target of MOVE or COPY is 201 by RFC 4918, but nginx answers 204 for files:
 * {@link DavHttp} accepts both. A failure it must report is an {@link UnexpectedResponse} with the status.
 */
final class PeerContract {

    private PeerContract() {}

    static void verify(Peer peer) throws Exception {
        assertThat(peer.filesRoot().toString()).startsWith("http://127.0.0.1:").endsWith("/");
        assertThat(peer.startupTime()).isPositive();
        assertThat(peer.description()).isNotBlank();
        assertThat(peer.processIds()).isNotEmpty().allMatch(pid -> ProcessHandle.of(pid).isPresent());
        Content content = Content.of(42, 1 << 20);
        Content small = Content.of(7, 1);
        try (DavHttp dav = DavHttp.open(peer.filesRoot(), peer.credentials(), 1)) {
            dav.mkcol("rt/");
            assertThat(dav.put("rt/a.bin", content)).as("PUT new").isEqualTo(content.length());
            dav.put("rt/a.bin", content); // over the existing file
            assertThat(dav.getVerified("rt/a.bin", content.checksum())).as("GET").isEqualTo(content.length());

            assertThat(dav.propfindBody("rt/", 1)).as("PROPFIND Depth 1").contains("a.bin");
            assertThat(dav.propfindBody("rt/a.bin", 0)).as("PROPFIND Depth 0 of a file").contains("a.bin");
            assertThat(dav.etagPoll("")).as("ETag poll").isPositive();

            dav.copy("rt/a.bin", "rt/b.bin");
            dav.move("rt/b.bin", "rt/c.bin");
            dav.getVerified("rt/c.bin", content.checksum());
            assertThat(status(() -> dav.getVerified("rt/b.bin", content.checksum()))).as("GET moved away")
                    .isEqualTo(404);
            assertThat(status(() -> dav.move("rt/c.bin", "rt/a.bin"))).as("MOVE, Overwrite: F").isEqualTo(412);

            dav.mkcol("rt/sub/");
            dav.put("rt/sub/x.txt", small);
            dav.copy("rt/sub/", "rt/sub2/");
            dav.move("rt/sub2/", "rt/sub3/");
            dav.getVerified("rt/sub3/x.txt", small.checksum());
            assertThat(status(() -> dav.getVerified("rt/sub2/x.txt", small.checksum()))).isEqualTo(404);
            dav.delete("rt/sub3/x.txt");
            dav.delete("rt/");
            assertThat(status(() -> dav.getVerified("rt/a.bin", content.checksum()))).isEqualTo(404);
            dav.deleteIfPresent("rt/");
        }

        try (DavHttp anonymous = DavHttp.open(peer.filesRoot(), Optional.empty(), 1)) {
            if (peer.credentials().isPresent()) {
                assertThat(status(() -> anonymous.etagPoll(""))).as("PROPFIND without credentials").isEqualTo(401);
            } else {
                assertThat(anonymous.etagPoll("")).isPositive();
            }
        }
        if (peer.credentials().isPresent()) {
            Credentials wrong = new Credentials(peer.credentials().get().user(), "not-the-password");
            try (DavHttp dav = DavHttp.open(peer.filesRoot(), Optional.of(wrong), 1)) {
                assertThat(status(() -> dav.etagPoll(""))).as("PROPFIND with a wrong password").isEqualTo(401);
            }
        }

        Usage usage = ProcessUsage.sample(peer.processIds());
        assertThat(usage.memoryBytes()).isPositive();
        assertThat(usage.cpuSeconds()).isNotNegative();
    }

    /** The status of the UnexpectedResponse a request must end in. */
    private static int status(ThrowingCallable request) {
        UnexpectedResponse failure = catchThrowableOfType(UnexpectedResponse.class, request);
        assertThat(failure).as("an UnexpectedResponse").isNotNull();
        return failure.status();
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
