package org.stratus.dav;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.stratus.testing.DavAssertions.assertDavError;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stratus.testing.DavClient;
import org.stratus.testing.Poll;
import org.stratus.testing.RawHttp;
import org.stratus.testing.ServerState;
import org.stratus.testing.StratusTestServer;
import org.stratus.users.UserService;

/**
 * Uploads that must fail without a trace: too large, over quota, cut off, lying about their length, with a wrong
 * checksum. After each, the old content is intact, no new file is visible and no blob or temporary is left.
 */
final class UploadFailureTest {

    private static final int MAX_UPLOAD = 1000;
    private static final String ROOT = "/remote.php/dav/files/admin/";
    private static final String FILE = ROOT + "existing.txt";
    private static final byte[] OLD = "the old content".getBytes(StandardCharsets.UTF_8);
    private static final String SMALL_USER = "small";
    private static final String SMALL_PASSWORD = "small-secret-1";
    private static final int SMALL_QUOTA = 100;

    private static StratusTestServer server;
    private static DavClient admin;
    private static DavClient small;
    private static RawHttp raw;

    @BeforeAll
    static void start() {
        server = StratusTestServer.builder().property("stratus.limits.max-upload-bytes=" + MAX_UPLOAD).start();
        admin = DavClient.admin(server);
        raw = new RawHttp(server);
        server.bean(UserService.class).create(SMALL_USER, SMALL_PASSWORD, "Small", SMALL_QUOTA);
        small = new DavClient(server, SMALL_USER, SMALL_PASSWORD);
        assertEquals(201, admin.put(FILE, OLD).statusCode());
        assertEquals(201, small.put("/remote.php/dav/files/small/existing.txt", new byte[60]).statusCode());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> auth(String... more) {
        List<String> headers = new ArrayList<>(List.of("Authorization: " + RawHttp.admin()));
        headers.addAll(List.of(more));
        return headers;
    }

    private static void assertOldContentIntact() {
        HttpResponse<byte[]> current = admin.get(FILE);
        assertEquals(200, current.statusCode());
        assertArrayEquals(OLD, current.body(), "the old content of " + FILE);
    }

    @Test
    void bodyOverTheLimitWithContentLengthIsRefusedWith413BeforeItIsRead() {
        ServerState before = ServerState.captureAdmin(server, admin);

        assertDavError(413, "PayloadTooLarge", admin.put(FILE, new byte[MAX_UPLOAD + 1]));
        assertDavError(413, "PayloadTooLarge", admin.put(ROOT + "new.bin", new byte[MAX_UPLOAD + 1]));

        before.assertUnchanged(ServerState.captureAdmin(server, admin));
        assertOldContentIntact();
    }

    @Test
    void chunkedBodyOverTheLimitIsRefusedWith413AndNothingIsKept() {
        ServerState before = ServerState.captureAdmin(server, admin);

        // Without a Content-Length the server only finds out while streaming; it must drop what it wrote so far.
        RawHttp.Response replace = raw.exchange("PUT", FILE, auth("Transfer-Encoding: chunked"),
                chunked(new byte[400], new byte[400], new byte[400]));
        RawHttp.Response create = raw.exchange("PUT", ROOT + "new.bin", auth("Transfer-Encoding: chunked"),
                chunked(new byte[MAX_UPLOAD], new byte[1]));

        assertDavError(413, "PayloadTooLarge", replace);
        assertDavError(413, "PayloadTooLarge", create);
        before.assertUnchanged(ServerState.captureAdmin(server, admin));
        assertOldContentIntact();
    }

    @Test
    void anOversizedUploadThatExpectsContinueIsRefusedBeforeItsBodyIsSent() {
        // Tomcat would answer "100 Continue" at once and let the client send the whole body for nothing.
        try (RawHttp.Exchange upload = raw.open("PUT", ROOT + "expect.bin",
                auth("Content-Length: " + (MAX_UPLOAD + 1), "Expect: 100-continue"))) {
            assertEquals(413, upload.readStatus());
        }
    }

    @Test
    void aChunkedUploadIsStoppedWhileStreamingOnceItOutgrowsTheQuota() {
        // 60 of 100 bytes are used. The client keeps its body open after 300 bytes: only a server that counts
        // against the quota while streaming answers now; one that waits for the end would leave it hanging.
        try (RawHttp.Exchange upload = raw.open("PUT", "/remote.php/dav/files/small/stream.bin",
                List.of("Authorization: " + RawHttp.basic(SMALL_USER, SMALL_PASSWORD), "Transfer-Encoding: chunked"))) {
            upload.write(("12c\r\n").getBytes(StandardCharsets.ISO_8859_1)).write(new byte[300])
                    .write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(507, upload.readStatus());
        }
        assertEquals(404, small.get("/remote.php/dav/files/small/stream.bin").statusCode());
    }

    @Test
    void aChunkedUploadThatOutgrowsItsAnnouncedTotalLengthIsStoppedWhileStreaming() {
        // A small announced length skips the fail-fast quota query, so the announcement itself must bound the body:
        // otherwise "OC-Total-Length: 10" would stream past the quota until the commit.
        try (RawHttp.Exchange upload = raw.open("PUT", "/remote.php/dav/files/small/announced.bin",
                List.of("Authorization: " + RawHttp.basic(SMALL_USER, SMALL_PASSWORD), "Transfer-Encoding: chunked",
                        "OC-Total-Length: 10"))) {
            upload.write(("12c\r\n").getBytes(StandardCharsets.ISO_8859_1)).write(new byte[300])
                    .write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(400, upload.readStatus());
        }
        assertEquals(404, small.get("/remote.php/dav/files/small/announced.bin").statusCode());
    }

    @Test
    void bodyOfExactlyTheLimitIsAccepted() {
        // The boundary of the two tests above: the limit itself is allowed, chunked or not.
        assertEquals(201, admin.put(ROOT + "limit.bin", new byte[MAX_UPLOAD]).statusCode());
        RawHttp.Response chunked = raw.exchange("PUT", ROOT + "limit-chunked.bin", auth("Transfer-Encoding: chunked"),
                chunked(new byte[MAX_UPLOAD / 2], new byte[MAX_UPLOAD / 2]));
        assertEquals(201, chunked.status(), chunked::text);
        assertEquals(MAX_UPLOAD, admin.get(ROOT + "limit-chunked.bin").body().length);
    }

    @Test
    void uploadOverQuotaIsRefusedWith507() {
        ServerState before = ServerState.capture(server, small, SMALL_USER);
        String newFile = "/remote.php/dav/files/small/new.bin";
        List<String> smallAuth = List.of("Authorization: " + RawHttp.basic(SMALL_USER, SMALL_PASSWORD),
                "Transfer-Encoding: chunked");

        // 60 of 100 bytes are used: 41 more do not fit, whether announced or only found out while streaming.
        assertDavError(507, "InsufficientStorage", small.put(newFile, new byte[41]));
        assertDavError(507, "InsufficientStorage", raw.exchange("PUT", newFile, smallAuth, chunked(new byte[41])));
        // Replacing the 60-byte file with 101 bytes would need 41 more, too.
        assertDavError(507, "InsufficientStorage",
                small.put("/remote.php/dav/files/small/existing.txt", new byte[SMALL_QUOTA + 1]));
        // A copy shares the content but counts against the quota like an upload.
        assertDavError(507, "InsufficientStorage", small.send("COPY", "/remote.php/dav/files/small/existing.txt",
                null, "Destination", "/remote.php/dav/files/small/copy.txt"));

        before.assertUnchanged(ServerState.capture(server, small, SMALL_USER));
        assertArrayEquals(new byte[60], small.get("/remote.php/dav/files/small/existing.txt").body());
    }

    @Test
    void uploadThatFitsTheQuotaExactlyIsAccepted() {
        // The boundary of the test above, for another user so that the two do not depend on each other's order.
        UserService users = server.bean(UserService.class);
        users.create("exact", "exact-secret-1", "Exact", 50);
        DavClient exact = new DavClient(server, "exact", "exact-secret-1");
        assertEquals(201, exact.put("/remote.php/dav/files/exact/a.bin", new byte[30]).statusCode());
        assertEquals(201, exact.put("/remote.php/dav/files/exact/b.bin", new byte[20]).statusCode());
        assertDavError(507, "InsufficientStorage", exact.put("/remote.php/dav/files/exact/c.bin", new byte[1]));
    }

    @Test
    void uploadCutOffMidwayLeavesTheOldContentAndNoTemporary() {
        ServerState before = ServerState.captureAdmin(server, admin);
        byte[] half = new byte[400];
        Arrays.fill(half, (byte) 'x');

        try (RawHttp.Exchange upload = raw.open("PUT", FILE, auth("Content-Length: 800"))) {
            upload.write(half);
            // Wait until the server is streaming this upload into a temporary, so the test proves its removal.
            Poll.until(Duration.ofSeconds(30), () -> "an upload temporary in " + server.dataDir(),
                    () -> !ServerState.temporaries(server).isEmpty());
            upload.abort();
        }

        Poll.until(Duration.ofSeconds(30), () -> "no temporaries, found " + ServerState.temporaries(server),
                () -> ServerState.temporaries(server).isEmpty());
        before.assertUnchanged(ServerState.captureAdmin(server, admin));
        assertOldContentIntact();
    }

    @Test
    void newFileCutOffMidwayIsNeverVisible() {
        ServerState before = ServerState.captureAdmin(server, admin);

        try (RawHttp.Exchange upload = raw.open("PUT", ROOT + "cut.bin", auth("Content-Length: 800"))) {
            upload.write(new byte[400]);
            Poll.until(Duration.ofSeconds(30), () -> "an upload temporary in " + server.dataDir(),
                    () -> !ServerState.temporaries(server).isEmpty());
            upload.abort();
        }

        Poll.until(Duration.ofSeconds(30), () -> "no temporaries, found " + ServerState.temporaries(server),
                () -> ServerState.temporaries(server).isEmpty());
        before.assertUnchanged(ServerState.captureAdmin(server, admin));
        assertEquals(404, admin.get(ROOT + "cut.bin").statusCode());
    }

    @Test
    void bodyShorterThanItsContentLengthIsRefusedWith400() {
        ServerState before = ServerState.captureAdmin(server, admin);

        // The client announces 10 bytes, sends 3 and half-closes: the server sees the end of the stream early.
        RawHttp.Response response = raw.exchange("PUT", FILE, auth("Content-Length: 10"), "abc".getBytes());

        assertDavError(400, "IncompleteBody", response);
        before.assertUnchanged(ServerState.captureAdmin(server, admin));
        assertOldContentIntact();
    }

    @ParameterizedTest
    @ValueSource(strings = {"5\r\nabc", "5\r\nabcde\r\n", "zz\r\nabc\r\n0\r\n\r\n", "3\r\nabcXX"})
    void truncatedOrMalformedChunkedBodyIsRefusedWith400(String body) {
        ServerState before = ServerState.captureAdmin(server, admin);

        RawHttp.Response response = raw.exchange("PUT", FILE, auth("Transfer-Encoding: chunked"),
                body.getBytes(StandardCharsets.ISO_8859_1));

        assertDavError(400, "IncompleteBody", response);
        before.assertUnchanged(ServerState.captureAdmin(server, admin));
        assertOldContentIntact();
    }

    @Test
    void checksumMismatchIsRefusedWith400AndNothingIsStored() {
        ServerState before = ServerState.captureAdmin(server, admin);
        byte[] content = "new content".getBytes(StandardCharsets.UTF_8);
        String wrongSha1 = "SHA1:" + sha1("other content".getBytes(StandardCharsets.UTF_8));

        assertDavError(400, "ChecksumMismatch", admin.put(FILE, content, "OC-Checksum", wrongSha1));
        assertDavError(400, "ChecksumMismatch", admin.put(ROOT + "new.txt", content, "OC-Checksum", wrongSha1));
        assertDavError(400, "ChecksumMismatch",
                admin.put(ROOT + "new.txt", content, "OC-Checksum", "MD5:00000000000000000000000000000000"));

        before.assertUnchanged(ServerState.captureAdmin(server, admin));
        assertOldContentIntact();
    }

    @Test
    void matchingChecksumIsAcceptedAndEchoed() {
        // The counterpart of the mismatch: the same header with the right value stores the file.
        byte[] content = "checked content".getBytes(StandardCharsets.UTF_8);
        String sha1 = sha1(content);

        HttpResponse<String> put = admin.put(ROOT + "checked.txt", content, "OC-Checksum", "SHA1:" + sha1);

        assertEquals(201, put.statusCode(), put::body);
        assertEquals("SHA1:" + sha1, put.headers().firstValue("OC-Checksum").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA1", "SHA1:", ":abc", "SHA1:not-hex", "SHA1:zz"})
    void malformedChecksumHeaderIsRefusedWith400(String header) {
        ServerState before = ServerState.captureAdmin(server, admin);

        assertDavError(400, "InvalidHeader", admin.put(FILE, "new".getBytes(), "OC-Checksum", header));

        before.assertUnchanged(ServerState.captureAdmin(server, admin));
    }

    @Test
    void putOntoAFolderIsRefusedWith405() {
        assertEquals(201, admin.send("MKCOL", ROOT + "folder").statusCode());
        ServerState before = ServerState.captureAdmin(server, admin);

        assertDavError(405, "MethodNotAllowed", admin.put(ROOT + "folder", "x".getBytes()));

        before.assertUnchanged(ServerState.captureAdmin(server, admin));
    }

    /** A chunked body with one chunk per part and the final empty chunk. */
    static byte[] chunked(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes((Integer.toHexString(part.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(part);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static String sha1(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
