package org.stratus.dav;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stratus.testing.DavAssertions.assertDavError;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stratus.testing.DavAssertions;
import org.stratus.testing.DavClient;
import org.stratus.testing.RawHttp;
import org.stratus.testing.ServerState;
import org.stratus.testing.StratusTestServer;

/**
 * Request URLs that try to leave the user's tree, or to smuggle a separator or NUL into a name, in every encoding.
 * Whichever layer refuses them (Tomcat's URL parser, Spring Security's firewall or {@link DavPaths}), the client
 * gets a 400 DAV error document and nothing is stored. They are written over a raw socket because the JDK HTTP
 * client refuses to send most of them.
 */
final class PathTraversalTest {

    private static final String ROOT = "/remote.php/dav/files/admin/";
    private static final byte[] SECRET = "the old content".getBytes(StandardCharsets.UTF_8);

    private static StratusTestServer server;
    private static DavClient admin;
    private static RawHttp raw;

    @BeforeAll
    static void start() {
        server = StratusTestServer.start();
        admin = DavClient.admin(server);
        raw = new RawHttp(server);
        assertEquals(201, admin.send("MKCOL", ROOT + "folder").statusCode());
        assertEquals(201, admin.put(ROOT + "folder/secret.txt", SECRET).statusCode());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Each URL with the layer expected to reject it; the test only requires that one of them does. */
    static Stream<Arguments> traversals() {
        return Stream.of(
                // plain and percent-encoded dot segments
                "folder/../../other/x.txt",
                "folder/%2e%2e/%2e%2e/other/x.txt",
                "folder/%2E%2E/x.txt",
                "folder/.%2e/x.txt",
                "folder/%2e/x.txt",
                // encoded separators and NUL inside a name
                "folder%2fx.txt",
                "folder%2Fx.txt",
                "folder%5cx.txt",
                "folder%5C..%5Cx.txt",
                "x%00.txt",
                "x.txt%00.jpg",
                // overlong UTF-8 for '.', '/' and '\'
                "folder/%c0%ae%c0%ae/x.txt",
                "folder/%e0%80%ae%e0%80%ae/x.txt",
                "folder%c0%afx.txt",
                "folder%c1%9cx.txt",
                // invalid percent escapes and invalid UTF-8
                "x%zz.txt",
                "x%.txt",
                "x%4.txt",
                "x%ff.txt",
                "x%80.txt",
                "x%ed%a0%80.txt")
                .flatMap(path -> Stream.of(Arguments.of("PUT", path), Arguments.of("GET", path),
                        Arguments.of("PROPFIND", path), Arguments.of("DELETE", path)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("traversals")
    void traversalInAnyEncodingIsRefusedWith400AndChangesNothing(String method, String path) {
        ServerState before = ServerState.captureAdmin(server, admin);

        RawHttp.Response response = raw.exchange(method, ROOT + path,
                List.of("Authorization: " + RawHttp.admin(), "Content-Length: 4"), "evil".getBytes());

        assertEquals(400, response.status(), response::text);
        assertDavError(400, expectedCode(response), response);
        before.assertUnchanged(ServerState.captureAdmin(server, admin));
        assertArrayEquals(SECRET, admin.get(ROOT + "folder/secret.txt").body());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"PUT, folder\\..\\x.txt", "GET, folder\\..\\x.txt", "PUT, x y.txt", "PUT, x<y>.txt",
        "PUT, x\"y.txt"})
    void unencodedForbiddenCharactersAreRefusedWith400BeforeTheUrlIsKnown(String method, String path) {
        // Tomcat cannot parse such a request line. When it fails before the path is known, nobody knows the
        // request was meant for WebDAV, and the answer is our generic problem document rather than a DAV one (a
        // space splits the line, so how much Tomcat read first varies); either way it is ours, with a message.
        ServerState before = ServerState.captureAdmin(server, admin);

        RawHttp.Response response = raw.exchange(method, ROOT + path,
                List.of("Authorization: " + RawHttp.admin(), "Content-Length: 4"), "evil".getBytes());

        if ("application/problem+json".equals(response.header("Content-Type"))) {
            assertEquals(400, response.status(), response::text);
            assertTrue(response.text().contains("\"title\":\"BadRequest\""), response::text);
            assertTrue(response.text().contains("\"detail\":\"The request cannot be parsed"), response::text);
            DavAssertions.assertNoInternals(response.text());
        } else {
            assertDavError(400, "BadRequest", response);
        }
        before.assertUnchanged(ServerState.captureAdmin(server, admin));
    }

    /** Tomcat and the firewall answer before a DAV location exists; their code is generic but still ours. */
    private static String expectedCode(RawHttp.Response response) {
        String body = response.text();
        return body.contains("<s:exception>InvalidPath</s:exception>") ? "InvalidPath" : "BadRequest";
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/remote.php/webdav/%2e%2e/x.txt",
        "/remote.php/webdav/folder%2fx.txt",
        "/remote.php/dav/files/%2e%2e/admin/x.txt",
        "/remote.php/dav/files/admin%00/x.txt",
        "/remote.php/dav/%2e%2e/files/admin/x.txt"})
    void traversalOutOfTheDavRootsIsRefusedWith400(String target) {
        ServerState before = ServerState.captureAdmin(server, admin);

        RawHttp.Response response = raw.exchange("PUT", target,
                List.of("Authorization: " + RawHttp.admin(), "Content-Length: 4"), "evil".getBytes());

        assertDavError(400, expectedCode(response), response);
        before.assertUnchanged(ServerState.captureAdmin(server, admin));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/remote.php/dav/files/admin/%2e%2e/x.txt, InvalidPath",
        "/remote.php/dav/files/admin/folder%2fx.txt, InvalidPath",
        "/remote.php/dav/files/admin/folder%5cx.txt, InvalidPath",
        "/remote.php/dav/files/admin/x%00.txt, InvalidPath",
        "/remote.php/dav/files/admin/%c0%ae%c0%ae/x.txt, InvalidPath",
        "/remote.php/dav/files/admin/x%ff.txt, InvalidPath",
        "/remote.php/dav/files/admin/.htaccess, ForbiddenName",
        "ORIGIN/remote.php/dav/files/admin/%2e%2e/%2e%2e/x.txt, InvalidPath",
        // java.net.URI refuses an invalid escape before DavPaths sees it
        "/remote.php/dav/files/admin/x%zz.txt, BadRequest"})
    void traversalInTheDestinationHeaderIsRefusedWith400(String destination, String code) {
        ServerState before = ServerState.captureAdmin(server, admin);

        var response = admin.send("COPY", ROOT + "folder/secret.txt", null, "Destination",
                destination.replace("ORIGIN", server.baseUrl()));

        assertDavError(400, code, response);
        before.assertUnchanged(ServerState.captureAdmin(server, admin));
    }

    @ParameterizedTest
    @ValueSource(strings = {".htaccess", ".HTACCESS", "report.part", "movie.mkv.PART", "x.filepart"})
    void namesNextcloudReservesAreRefusedWith400(String name) {
        ServerState before = ServerState.captureAdmin(server, admin);

        assertDavError(400, "ForbiddenName", admin.put(ROOT + name, "x".getBytes()));
        assertDavError(400, "ForbiddenName", admin.send("MKCOL", ROOT + name));
        assertDavError(400, "ForbiddenName",
                admin.send("MOVE", ROOT + "folder/secret.txt", null, "Destination", ROOT + name));
        before.assertUnchanged(ServerState.captureAdmin(server, admin));
    }

    @Test
    void unusualButValidNamesAreStoredAndListedWithTheirEncodedHref() {
        // The refusals above must not be over-broad: %, ;, #, +, spaces, '..' inside a name and non-ASCII are fine.
        String encoded = "100%25%20sure%3B%20%23a%2Bb..c%20%C3%A9%F0%9F%98%80.txt";

        assertEquals(201, admin.put(ROOT + encoded, "ok".getBytes()).statusCode());

        assertArrayEquals("ok".getBytes(), admin.get(ROOT + encoded).body());
        var listing = admin.propfind(ROOT, "1", null);
        assertTrue(listing.body().contains("<d:href>" + ROOT + encoded + "</d:href>"),
                listing::body);
    }
}
