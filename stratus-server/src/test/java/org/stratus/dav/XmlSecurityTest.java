package org.stratus.dav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stratus.testing.DavAssertions.assertDavError;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stratus.testing.DavClient;
import org.stratus.testing.RawHttp;
import org.stratus.testing.ServerState;
import org.stratus.testing.StratusTestServer;

/**
 * Request bodies that are not acceptable XML: malformed, too large, or using entities to read local files (XXE),
 * reach out to other hosts, or blow up in memory (billion laughs). Each is refused with a DAV error, nothing it
 * asked for is stored, and no byte of a file it pointed at comes back.
 */
final class XmlSecurityTest {

    private static final int MAX_XML = 2048;
    private static final String ROOT = "/remote.php/dav/files/admin/";
    private static final String FILE = ROOT + "file.txt";
    /** What /etc/passwd starts with on every Linux; must never appear in a response. */
    private static final String PASSWD_MARKER = "root:";

    private static StratusTestServer server;
    private static DavClient admin;

    @BeforeAll
    static void start() {
        server = StratusTestServer.builder().property("stratus.limits.max-xml-body-bytes=" + MAX_XML).start();
        admin = DavClient.admin(server);
        assertEquals(201, admin.put(FILE, "content".getBytes()).statusCode());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> malformedBodies() {
        List<String> bodies = List.of(
                "this is not XML",
                "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop>",
                "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop></d:propfind></d:prop>",
                "<d:propertyupdate><d:set/></d:propertyupdate>",
                "<?xml version=\"1.0\"?><a xmlns=\"DAV:\" b=\"1\" b=\"2\"/>",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><x xmlns=\"DAV:\">\u0000</x>",
                "<?xml version=\"1.0\"?><d:wrongroot xmlns:d=\"DAV:\"/>");
        return Stream.of("PROPFIND", "PROPPATCH", "LOCK")
                .flatMap(method -> bodies.stream().map(body -> Arguments.of(method, body)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("malformedBodies")
    void malformedXmlIsRefusedWith400AndChangesNothing(String method, String body) {
        ServerState before = ServerState.captureAdmin(server, admin);

        HttpResponse<String> response = admin.send(method, FILE, body, "Content-Type", "application/xml",
                "Depth", "0");

        assertDavError(400, "MalformedXml", response);
        before.assertUnchanged(ServerState.captureAdmin(server, admin));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PROPFIND", "PROPPATCH", "LOCK"})
    void xmlBodyOverTheLimitIsRefusedWith413(String method) {
        ServerState before = ServerState.captureAdmin(server, admin);
        String body = proppatchSetting("big", "x".repeat(MAX_XML));

        HttpResponse<String> announced = admin.send(method, FILE, body, "Content-Type", "application/xml",
                "Depth", "0");
        // Without a Content-Length the limit is found while reading; the answer must be the same.
        RawHttp.Response streamed = new RawHttp(server).exchange(method, FILE,
                List.of("Authorization: " + RawHttp.admin(), "Depth: 0", "Transfer-Encoding: chunked"),
                UploadFailureTest.chunked(body.getBytes(StandardCharsets.UTF_8)));

        assertDavError(413, "PayloadTooLarge", announced);
        assertDavError(413, "PayloadTooLarge", streamed);
        before.assertUnchanged(ServerState.captureAdmin(server, admin));
        assertFalse(allprop().contains("big"), "the oversized property must not be stored");
    }

    @Test
    void xmlBodyJustUnderTheLimitIsAccepted() {
        // The boundary of the test above: a property value that keeps the body within the limit is stored.
        String prefix = proppatchSetting("fits", "");
        String body = proppatchSetting("fits", "y".repeat(MAX_XML - prefix.getBytes(StandardCharsets.UTF_8).length));
        assertEquals(MAX_XML, body.getBytes(StandardCharsets.UTF_8).length);

        assertEquals(207, admin.send("PROPPATCH", FILE, body, "Content-Type", "application/xml").statusCode());
        assertTrue(allprop().contains("y".repeat(100)));
        assertEquals(207, admin.send("PROPPATCH", FILE, "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\" "
                + "xmlns:t=\"urn:test\"><d:remove><d:prop><t:fits/></d:prop></d:remove></d:propertyupdate>",
                "Content-Type", "application/xml").statusCode());
    }

    static Stream<Arguments> entityAttacks() {
        String xxe = "<!DOCTYPE d:propertyupdate [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>";
        String parameterXxe = "<!DOCTYPE d:propertyupdate [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>";
        String laughs = "<!DOCTYPE d:propertyupdate [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
                + "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
                + "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
                + "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
                + "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
                + "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>";
        return Stream.of(
                Arguments.of("external entity (XXE)", "PROPPATCH", xxe, "&xxe;"),
                Arguments.of("external parameter entity", "PROPPATCH", parameterXxe, "x"),
                Arguments.of("billion laughs", "PROPPATCH", laughs, "&lol9;"),
                Arguments.of("XXE in PROPFIND", "PROPFIND", xxe.replace("d:propertyupdate", "d:propfind"), null),
                Arguments.of("XXE in a LOCK owner", "LOCK", xxe.replace("d:propertyupdate", "d:lockinfo"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entityAttacks")
    void entityDeclarationsAreRefusedWith400AndNoFileContentIsEchoed(String attack, String method, String doctype,
            String value) {
        ServerState before = ServerState.captureAdmin(server, admin);
        String body = switch (method) {
            case "PROPPATCH" -> proppatchSetting("stolen", value).replace("<d:propertyupdate", doctype
                    + "<d:propertyupdate");
            case "PROPFIND" -> "<?xml version=\"1.0\"?>" + doctype
                    + "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:displayname>&xxe;</d:displayname></d:prop></d:propfind>";
            default -> "<?xml version=\"1.0\"?>" + doctype + "<d:lockinfo xmlns:d=\"DAV:\"><d:lockscope><d:exclusive/>"
                    + "</d:lockscope><d:locktype><d:write/></d:locktype><d:owner>&xxe;</d:owner></d:lockinfo>";
        };

        HttpResponse<String> response = admin.send(method, FILE, body, "Content-Type", "application/xml",
                "Depth", "0");

        String message = assertDavError(400, "MalformedXml", response);
        assertTrue(message.contains("DOCTYPE"), message);
        assertFalse(response.body().contains(PASSWD_MARKER), response::body);
        assertFalse(response.body().contains("lollol"), response::body);
        before.assertUnchanged(ServerState.captureAdmin(server, admin));
        String properties = allprop();
        assertFalse(properties.contains(PASSWD_MARKER), properties);
        assertFalse(properties.contains("stolen"), properties);
    }

    @Test
    void externalDtdIsNeverFetched() throws IOException {
        // A DOCTYPE pointing at a local web server: the parser must refuse it without connecting.
        AtomicInteger fetches = new AtomicInteger();
        HttpServer dtdServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        dtdServer.createContext("/", exchange -> {
            fetches.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        dtdServer.start();
        try {
            String url = "http://127.0.0.1:" + dtdServer.getAddress().getPort() + "/evil.dtd";
            String body = "<?xml version=\"1.0\"?><!DOCTYPE d:propfind SYSTEM \"" + url + "\">"
                    + "<d:propfind xmlns:d=\"DAV:\"><d:allprop/></d:propfind>";

            HttpResponse<String> response = admin.send("PROPFIND", FILE, body, "Depth", "0");

            assertDavError(400, "MalformedXml", response);
            // The request has been answered, so any fetch the parser made has already happened.
            assertEquals(0, fetches.get(), "requests the server made for the external DTD");
        } finally {
            dtdServer.stop(0);
        }
    }

    private static String proppatchSetting(String name, String value) {
        return "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\" xmlns:t=\"urn:test\"><d:set><d:prop><t:"
                + name + ">" + value + "</t:" + name + "></d:prop></d:set></d:propertyupdate>";
    }

    private static String allprop() {
        HttpResponse<String> response = admin.propfind(FILE, "0", null);
        assertEquals(207, response.statusCode(), response::body);
        return response.body();
    }
}
