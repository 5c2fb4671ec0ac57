package org.stratus.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratus.testing.DavClient;
import org.stratus.testing.StratusTestServer;

/** Behaviour the Nextcloud clients rely on beyond what litmus checks. */
class WebDavProtocolTest {

    private static final String ROOT = "/remote.php/dav/files/admin/";
    private static final String NC_PROPS = "<d:propfind xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\" "
            + "xmlns:nc=\"http://nextcloud.org/ns\"><d:prop><d:getetag/><oc:id/><oc:fileid/><oc:permissions/>"
            + "<oc:size/><oc:checksums/><oc:data-fingerprint/><oc:share-types/><nc:is-encrypted/>"
            + "<d:quota-used-bytes/><d:quota-available-bytes/><d:getlastmodified/><d:resourcetype/>"
            + "<x:unknown xmlns:x=\"urn:x\"/></d:prop></d:propfind>";

    private static StratusTestServer server;
    private static DavClient dav;

    @BeforeAll
    static void start() {
        server = StratusTestServer.start();
        dav = DavClient.admin(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aChangeDeepInTheTreeChangesTheEtagOfEveryAncestorAndNoSibling() {
        mkcol("etags");
        mkcol("etags/a");
        mkcol("etags/a/b");
        mkcol("etags/sibling");
        String root0 = etag(ROOT);
        String a0 = etag(ROOT + "etags/a/");
        String b0 = etag(ROOT + "etags/a/b/");
        String sibling0 = etag(ROOT + "etags/sibling/");
        assertThat(dav.put(ROOT + "etags/a/b/file.txt", bytes("one")).statusCode()).isEqualTo(201);
        assertThat(etag(ROOT)).isNotEqualTo(root0);
        assertThat(etag(ROOT + "etags/a/")).isNotEqualTo(a0);
        assertThat(etag(ROOT + "etags/a/b/")).isNotEqualTo(b0);
        assertThat(etag(ROOT + "etags/sibling/")).isEqualTo(sibling0);
        assertThat(prop(ROOT + "etags/a/", "oc:size")).isEqualTo("3");
    }

    @Test
    void nextcloudPropertiesAreReportedAndUnknownOnesAre404() {
        dav.put(ROOT + "props.txt", bytes("hello"));
        HttpResponse<String> response = dav.propfind(ROOT + "props.txt", "0", NC_PROPS);
        assertThat(response.statusCode()).isEqualTo(207);
        // Byte for byte: the Nextcloud desktop client matches this literal string (see ExactContentType).
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/xml; charset=utf-8");
        String body = response.body();
        assertThat(body).contains("<oc:permissions>RGDNVW</oc:permissions>", "<oc:size>5</oc:size>",
                "<oc:checksum>SHA1:" + sha1("hello"), "<nc:is-encrypted>0</nc:is-encrypted>", "<oc:share-types/>",
                "HTTP/1.1 404 Not Found");
        assertThat(prop(ROOT + "props.txt", "oc:id")).matches("\\d{8}oc[a-z0-9]{10}");
        assertThat(prop(ROOT + "props.txt", "oc:id")).startsWith(
                String.format("%08d", Long.parseLong(prop(ROOT + "props.txt", "oc:fileid"))));
        String folder = dav.propfind(ROOT, "1", NC_PROPS).body();
        assertThat(folder.indexOf("<d:href>" + ROOT + "</d:href>")).as("collection first").isEqualTo(
                folder.indexOf("<d:href>"));
        assertThat(folder).contains("<oc:permissions>RGDNVCK</oc:permissions>", "<d:quota-available-bytes>-3<");
    }

    @Test
    void putHonoursMtimeAndChecksumAndAnswersWithNextcloudHeaders() {
        HttpResponse<String> put = dav.put(ROOT + "mtime.txt", bytes("content"), "X-OC-MTime", "1500000000",
                "OC-Checksum", "SHA1:" + sha1("content"));
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(put.headers().firstValue("X-OC-MTime")).hasValue("accepted");
        assertThat(put.headers().firstValue("OC-FileId")).hasValueSatisfying(id -> assertThat(id).endsWith(
                prop(ROOT + "mtime.txt", "oc:id").substring(8)));
        assertThat(put.headers().firstValue("OC-ETag")).isEqualTo(put.headers().firstValue("ETag"));
        assertThat(prop(ROOT + "mtime.txt", "d:getlastmodified")).isEqualTo("Fri, 14 Jul 2017 02:40:00 GMT");
        HttpResponse<byte[]> get = dav.get(ROOT + "mtime.txt");
        assertThat(get.headers().firstValue("OC-Checksum")).hasValue("SHA1:" + sha1("content"));
        assertThat(new String(get.body(), StandardCharsets.UTF_8)).isEqualTo("content");
    }

    @Test
    void aPutSentAsAFormKeepsItsBody() {
        // curl --data-binary sends this content type; no form parser may consume the upload before it is stored.
        assertThat(dav.put(ROOT + "form.txt", bytes("a=b&c"), "Content-Type", "application/x-www-form-urlencoded")
                .statusCode()).isEqualTo(201);
        assertThat(new String(dav.get(ROOT + "form.txt").body(), StandardCharsets.UTF_8)).isEqualTo("a=b&c");
    }

    @Test
    void moveKeepsTheFileIdAndCopyMintsANewOne() {
        dav.put(ROOT + "move-me.txt", bytes("data"));
        String id = prop(ROOT + "move-me.txt", "oc:fileid");
        assertThat(dav.send("MOVE", ROOT + "move-me.txt", null, "Destination",
                server.baseUrl() + ROOT + "moved.txt").statusCode()).isEqualTo(201);
        assertThat(prop(ROOT + "moved.txt", "oc:fileid")).isEqualTo(id);
        assertThat(dav.send("COPY", ROOT + "moved.txt", null, "Destination",
                server.baseUrl() + ROOT + "copied.txt").statusCode()).isEqualTo(201);
        assertThat(prop(ROOT + "copied.txt", "oc:fileid")).isNotEqualTo(id);
        assertThat(new String(dav.get(ROOT + "copied.txt").body(), StandardCharsets.UTF_8)).isEqualTo("data");
        // Deleting the original must not delete the content the copy shares with it.
        assertThat(dav.send("DELETE", ROOT + "moved.txt").statusCode()).isEqualTo(204);
        assertThat(new String(dav.get(ROOT + "copied.txt").body(), StandardCharsets.UTF_8)).isEqualTo("data");
    }

    @Test
    void rangesAndConditionalGets() {
        dav.put(ROOT + "range.txt", bytes("0123456789"));
        HttpResponse<byte[]> partial = dav.get(ROOT + "range.txt", "Range", "bytes=2-5");
        assertThat(partial.statusCode()).isEqualTo(206);
        assertThat(new String(partial.body(), StandardCharsets.UTF_8)).isEqualTo("2345");
        assertThat(partial.headers().firstValue("Content-Range")).hasValue("bytes 2-5/10");
        HttpResponse<byte[]> suffix = dav.get(ROOT + "range.txt", "Range", "bytes=-3");
        assertThat(new String(suffix.body(), StandardCharsets.UTF_8)).isEqualTo("789");
        HttpResponse<byte[]> unsatisfiable = dav.get(ROOT + "range.txt", "Range", "bytes=20-30");
        assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        assertThat(unsatisfiable.headers().firstValue("Content-Range")).hasValue("bytes */10");
        String etag = etag(ROOT + "range.txt");
        assertThat(dav.get(ROOT + "range.txt", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(dav.get(ROOT + "range.txt", "If-Match", "\"other\"").statusCode()).isEqualTo(412);
    }

    /** Files from 48 KiB up are sent by Tomcat with sendfile: whole, by range, and not at all for HEAD. */
    @Test
    void largeFilesAreSentWholeAndByRange() {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(content);
        assertThat(dav.put(ROOT + "large.bin", content).statusCode()).isEqualTo(201);

        HttpResponse<byte[]> whole = dav.get(ROOT + "large.bin");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(content);

        HttpResponse<byte[]> middle = dav.get(ROOT + "large.bin", "Range", "bytes=100000-2200000");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(content, 100_000, 2_200_001));
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 100000-2200000/" + content.length);

        HttpResponse<byte[]> tail = dav.get(ROOT + "large.bin", "Range", "bytes=-60000");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(content, content.length - 60_000,
                content.length));

        HttpResponse<String> head = dav.send("HEAD", ROOT + "large.bin");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(content.length));
        assertThat(head.body()).isEmpty();

        byte[] replaced = new byte[200_000];
        new Random(7).nextBytes(replaced);
        assertThat(dav.put(ROOT + "large.bin", replaced).statusCode()).isEqualTo(204);
        assertThat(dav.get(ROOT + "large.bin").body()).isEqualTo(replaced);
    }

    @Test
    void proppatchStoresDeadPropertiesAndRefusesProtectedOnesAtomically() {
        dav.put(ROOT + "dead.txt", bytes("x"));
        String set = "<d:propertyupdate xmlns:d=\"DAV:\" xmlns:z=\"urn:z\"><d:set><d:prop><z:color>blue</z:color>"
                + "</d:prop></d:set></d:propertyupdate>";
        assertThat(dav.send("PROPPATCH", ROOT + "dead.txt", set).statusCode()).isEqualTo(207);
        String read = "<d:propfind xmlns:d=\"DAV:\"><d:prop><z:color xmlns:z=\"urn:z\"/></d:prop></d:propfind>";
        assertThat(dav.propfind(ROOT + "dead.txt", "0", read).body()).contains(">blue</");
        String mixed = "<d:propertyupdate xmlns:d=\"DAV:\" xmlns:z=\"urn:z\"><d:set><d:prop><z:color>red</z:color>"
                + "<d:getetag>\"forged\"</d:getetag></d:prop></d:set></d:propertyupdate>";
        HttpResponse<String> refused = dav.send("PROPPATCH", ROOT + "dead.txt", mixed);
        assertThat(refused.body()).contains("403 Forbidden", "424 Failed Dependency");
        assertThat(dav.propfind(ROOT + "dead.txt", "0", read).body()).contains(">blue</");
    }

    @Test
    void theLegacyWebdavRootServesTheSameTree() {
        dav.put(ROOT + "legacy.txt", bytes("same"));
        HttpResponse<byte[]> legacy = dav.get("/remote.php/webdav/legacy.txt");
        assertThat(legacy.statusCode()).isEqualTo(200);
        assertThat(new String(legacy.body(), StandardCharsets.UTF_8)).isEqualTo("same");
        assertThat(dav.propfind("/remote.php/webdav/", "1", null).body())
                .contains("<d:href>/remote.php/webdav/legacy.txt</d:href>");
    }

    @Test
    void anotherUsersTreeIsForbidden() {
        assertThat(dav.send("PROPFIND", "/remote.php/dav/files/someone-else/", null, "Depth", "0").statusCode())
                .isEqualTo(403);
    }

    private static void mkcol(String path) {
        assertThat(dav.send("MKCOL", ROOT + path).statusCode()).isEqualTo(201);
    }

    private static String etag(String path) {
        return prop(path, "d:getetag").replace("&quot;", "\"");
    }

    private static String prop(String path, String qualifiedName) {
        String body = dav.propfind(path, "0", NC_PROPS).body();
        Matcher matcher = Pattern.compile("<" + qualifiedName + ">(.*?)</" + qualifiedName + ">").matcher(body);
        assertThat(matcher.find()).as("%s in %s", qualifiedName, body).isTrue();
        return matcher.group(1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes(text)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
