package org.stratus.dav;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stratus.testing.DavAssertions.assertDavError;
import static org.stratus.testing.DavAssertions.hasDavCondition;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stratus.testing.DavClient;
import org.stratus.testing.RawHttp;
import org.stratus.testing.ServerState;
import org.stratus.testing.StratusTestServer;

/**
 * Well-formed requests that must be refused: failed preconditions (412), missing parents (409), locks (423),
 * methods WebDAV does not serve (405), unbounded depth (403), malformed headers (400). Each refusal changes
 * nothing; where the same request with the right precondition succeeds, that is shown too, so a server that
 * refuses everything cannot pass.
 */
final class BadInputTest {

    private static final String ROOT = "/remote.php/dav/files/admin/";
    private static final String FILE = ROOT + "file.txt";
    private static final byte[] OLD = "the old content".getBytes(StandardCharsets.UTF_8);
    private static final String LOCKINFO = "<?xml version=\"1.0\"?><d:lockinfo xmlns:d=\"DAV:\"><d:lockscope>"
            + "<d:exclusive/></d:lockscope><d:locktype><d:write/></d:locktype><d:owner>test</d:owner></d:lockinfo>";

    private static StratusTestServer server;
    private static DavClient admin;

    @BeforeAll
    static void start() {
        server = StratusTestServer.start();
        admin = DavClient.admin(server);
        assertEquals(201, admin.put(FILE, OLD).statusCode());
        assertEquals(201, admin.send("MKCOL", ROOT + "folder").statusCode());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String etagOf(String path) {
        HttpResponse<byte[]> response = admin.get(path);
        assertEquals(200, response.statusCode());
        return response.headers().firstValue("ETag").orElseThrow();
    }

    private static void assertOldContentIntact() {
        assertArrayEquals(OLD, admin.get(FILE).body());
    }

    @Test
    void writeWithAStaleIfMatchIsRefusedWith412() {
        ServerState before = ServerState.captureAdmin(server, admin);
        String stale = "\"0000000000000000\"";

        assertDavError(412, "PreconditionFailed", admin.put(FILE, "new".getBytes(), "If-Match", stale));
        assertDavError(412, "PreconditionFailed", admin.send("DELETE", FILE, null, "If-Match", stale));
        assertDavError(412, "PreconditionFailed",
                admin.send("MOVE", FILE, null, "If-Match", stale, "Destination", ROOT + "moved.txt"));
        assertDavError(412, "PreconditionFailed",
                admin.put(ROOT + "absent.txt", "new".getBytes(), "If-Match", "*"));

        before.assertUnchanged(ServerState.captureAdmin(server, admin));
        assertOldContentIntact();
    }

    @Test
    void writeWithTheCurrentIfMatchSucceeds() {
        // The counterpart of the stale one: compare-and-swap with the right entity tag replaces the content.
        String path = ROOT + "cas.txt";
        assertEquals(201, admin.put(path, "v1".getBytes()).statusCode());
        String etag = etagOf(path);

        HttpResponse<String> swapped = admin.put(path, "v2".getBytes(), "If-Match", etag);

        assertEquals(204, swapped.statusCode(), swapped::body);
        assertArrayEquals("v2".getBytes(), admin.get(path).body());
        assertDavError(412, "PreconditionFailed", admin.put(path, "v3".getBytes(), "If-Match", etag));
    }

    @Test
    void ifNoneMatchStarOnAnExistingFileIsRefusedWith412() {
        ServerState before = ServerState.captureAdmin(server, admin);

        assertDavError(412, "PreconditionFailed", admin.put(FILE, "new".getBytes(), "If-None-Match", "*"));
        assertDavError(412, "PreconditionFailed",
                admin.put(FILE, "new".getBytes(), "If-None-Match", etagOf(FILE)));

        before.assertUnchanged(ServerState.captureAdmin(server, admin));
        assertOldContentIntact();
        // Create-only-if-absent still creates when the file is absent.
        assertEquals(201, admin.put(ROOT + "created-once.txt", "x".getBytes(), "If-None-Match", "*").statusCode());
    }

    @Test
    void putAndMkcolWithoutTheirParentAreRefusedWith409() {
        ServerState before = ServerState.captureAdmin(server, admin);

        assertDavError(409, "Conflict", admin.put(ROOT + "missing/file.txt", "x".getBytes()));
        assertDavError(409, "Conflict", admin.put(ROOT + "missing/deeper/file.txt", "x".getBytes()));
        assertDavError(409, "Conflict", admin.send("MKCOL", ROOT + "missing/folder"));
        // A file is not a folder: nothing can be created below it either.
        assertDavError(409, "Conflict", admin.put(FILE + "/child.txt", "x".getBytes()));
        assertDavError(409, "Conflict", admin.send("MKCOL", FILE + "/child"));
        assertDavError(409, "Conflict",
                admin.send("COPY", FILE, null, "Destination", ROOT + "missing/copy.txt"));

        before.assertUnchanged(ServerState.captureAdmin(server, admin));
    }

    @Test
    void mkcolOnAnExistingResourceIsRefusedWith405AndWithABodyWith415() {
        ServerState before = ServerState.captureAdmin(server, admin);

        assertDavError(405, "MethodNotAllowed", admin.send("MKCOL", ROOT + "folder"));
        assertDavError(405, "MethodNotAllowed", admin.send("MKCOL", FILE));
        assertDavError(415, "UnsupportedMediaType",
                admin.send("MKCOL", ROOT + "with-body", "<x/>", "Content-Type", "application/xml"));

        before.assertUnchanged(ServerState.captureAdmin(server, admin));
    }

    @Test
    void lockedFileRefusesWritesWithoutItsTokenWith423AndAcceptsThemWithIt() {
        String path = ROOT + "locked.txt";
        assertEquals(201, admin.put(path, "v1".getBytes()).statusCode());
        HttpResponse<String> lock = admin.send("LOCK", path, LOCKINFO, "Content-Type", "application/xml",
                "Depth", "0", "Timeout", "Second-600");
        assertEquals(200, lock.statusCode(), lock::body);
        String token = lock.headers().firstValue("Lock-Token").orElseThrow();
        try {
            ServerState before = ServerState.captureAdmin(server, admin);

            HttpResponse<String> put = admin.put(path, "stolen".getBytes());
            assertDavError(423, "Locked", put);
            assertTrue(hasDavCondition(put.body(), "lock-token-submitted"), put::body);
            assertDavError(423, "Locked", admin.send("DELETE", path));
            assertDavError(423, "Locked", admin.send("MOVE", path, null, "Destination", ROOT + "elsewhere.txt"));
            assertDavError(423, "Locked", admin.send("LOCK", path, LOCKINFO, "Content-Type", "application/xml",
                    "Depth", "0"));
            // A token that names no lock on this file is a failed If condition: 412, not a way around the lock.
            assertDavError(412, "PreconditionFailed",
                    admin.put(path, "stolen".getBytes(), "If", "(<opaquelocktoken:not-the-token>)"));
            before.assertUnchanged(ServerState.captureAdmin(server, admin));
            assertArrayEquals("v1".getBytes(), admin.get(path).body());

            HttpResponse<String> withToken = admin.put(path, "v2".getBytes(), "If", "(" + token + ")");
            assertEquals(204, withToken.statusCode(), withToken::body);
            assertArrayEquals("v2".getBytes(), admin.get(path).body());
        } finally {
            assertEquals(204, admin.send("UNLOCK", path, null, "Lock-Token", token).statusCode());
        }
        assertEquals(204, admin.put(path, "v3".getBytes()).statusCode(), "writable again after UNLOCK");
    }

    @Test
    void lockedFolderRefusesNewMembersWithoutItsTokenWith423() {
        String folder = ROOT + "locked-folder";
        assertEquals(201, admin.send("MKCOL", folder).statusCode());
        HttpResponse<String> lock = admin.send("LOCK", folder, LOCKINFO, "Content-Type", "application/xml",
                "Depth", "infinity");
        assertEquals(200, lock.statusCode(), lock::body);
        String token = lock.headers().firstValue("Lock-Token").orElseThrow();
        try {
            ServerState before = ServerState.captureAdmin(server, admin);

            assertDavError(423, "Locked", admin.put(folder + "/new.txt", "x".getBytes()));
            assertDavError(423, "Locked", admin.send("MKCOL", folder + "/sub"));
            assertDavError(423, "Locked", admin.send("COPY", FILE, null, "Destination", folder + "/copy.txt"));
            assertDavError(423, "Locked", admin.send("DELETE", folder));
            before.assertUnchanged(ServerState.captureAdmin(server, admin));

            assertEquals(201, admin.put(folder + "/new.txt", "x".getBytes(), "If", "(" + token + ")").statusCode());
        } finally {
            assertEquals(204, admin.send("UNLOCK", folder, null, "Lock-Token", token).statusCode());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"(", "()", "<http://x/y>", "(<token>", "([\"etag\"", "(Not)", "garbage", "(<a> x)"})
    void malformedIfHeaderIsRefusedWith400(String header) {
        ServerState before = ServerState.captureAdmin(server, admin);

        assertDavError(400, "InvalidHeader", admin.put(FILE, "new".getBytes(), "If", header));

        before.assertUnchanged(ServerState.captureAdmin(server, admin));
        assertOldContentIntact();
    }

    @Test
    void propfindWithDepthInfinityIsRefusedWith403AndFiniteDepthCondition() {
        HttpResponse<String> response = admin.propfind(ROOT, "infinity", null);

        assertDavError(403, "PropfindFiniteDepth", response);
        assertTrue(hasDavCondition(response.body(), "propfind-finite-depth"), response::body);
        assertEquals(207, admin.propfind(ROOT, "1", null).statusCode(), "finite depth still works");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "-1", "one", ""})
    void invalidDepthIsRefusedWith400(String depth) {
        assertDavError(400, "InvalidHeader", admin.propfind(ROOT, depth.isEmpty() ? " " : depth, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO", "BREW", "PATCH", "POST", "TRACE", "SEARCH", "REPORT"})
    void methodsWebDavDoesNotServeAreRefusedWith405(String method) {
        ServerState before = ServerState.captureAdmin(server, admin);

        // Raw, because the JDK client will not send TRACE with a body; every one carries a body that must be ignored.
        RawHttp.Response response = new RawHttp(server).exchange(method, FILE,
                List.of("Authorization: " + RawHttp.admin(), "Content-Length: 3"), "new".getBytes());

        assertDavError(405, "MethodNotAllowed", response);
        assertTrue(response.header("Allow") != null, "405 carries an Allow header");
        before.assertUnchanged(ServerState.captureAdmin(server, admin));
        assertOldContentIntact();
    }
}
