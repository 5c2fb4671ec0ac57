package org.stratus.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.stratus.blob.FileSystemBlobStore;
import org.stratus.testing.DavClient;
import org.stratus.testing.Poll;
import org.stratus.testing.StratusTestServer;
import org.stratus.users.UserAccount;
import org.stratus.users.UserService;

/**
 * Deleting a folder removes everything below it in one statement and the dead properties set-based (the V4
 * cascade trigger): no node, property or lock of the folder is left, nothing beside it is touched, folder sizes
 * stay exact, and exactly the blobs no other node shares are released, after the response.
 */
class FolderDeleteTest {

    private static final String ROOT = "/remote.php/dav/files/admin/";
    private static final int FILES = 100;
    private static final String COLOR = "<d:propertyupdate xmlns:d=\"DAV:\" xmlns:z=\"urn:z\"><d:set><d:prop>"
            + "<z:color>blue</z:color></d:prop></d:set></d:propertyupdate>";
    private static final String EXCLUSIVE_LOCK = "<d:lockinfo xmlns:d=\"DAV:\"><d:lockscope><d:exclusive/>"
            + "</d:lockscope><d:locktype><d:write/></d:locktype></d:lockinfo>";

    @Test
    void deletingABigFolderLeavesNoNodesPropertiesOrLocksAndReleasesExactlyTheUnsharedBlobs() {
        try (StratusTestServer server = StratusTestServer.start()) {
            DavClient admin = DavClient.admin(server);
            for (String folder : List.of("big", "big/sub", "big/sub/deeper", "big2")) {
                assertThat(admin.send("MKCOL", ROOT + folder).statusCode()).isEqualTo(201);
            }
            List<String> files = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                files.add((i % 3 == 0 ? "big/" : i % 3 == 1 ? "big/sub/" : "big/sub/deeper/") + "f" + i);
            }
            for (String file : files) {
                assertThat(admin.put(ROOT + file, ("content of " + file).getBytes()).statusCode()).isEqualTo(201);
            }
            // Beside the folder, with a name that shares its prefix: must survive, with its property and lock.
            assertThat(admin.put(ROOT + "big2/kept", "kept".getBytes()).statusCode()).isEqualTo(201);
            assertThat(admin.send("PROPPATCH", ROOT + "big2/kept", COLOR).statusCode()).isEqualTo(207);
            assertThat(admin.send("LOCK", ROOT + "big2/kept", EXCLUSIVE_LOCK).statusCode()).isEqualTo(200);
            // A copy outside shares the blob of one file inside.
            assertThat(admin.send("COPY", ROOT + "big/f0", null,
                    "Destination", server.baseUrl() + ROOT + "copy-of-f0").statusCode()).isEqualTo(201);
            for (String withProperty : List.of("big", "big/sub", "big/sub/deeper", "big/f3", "big/sub/f1",
                    "big/sub/deeper/f2")) {
                assertThat(admin.send("PROPPATCH", ROOT + withProperty, COLOR).statusCode()).isEqualTo(207);
            }
            HttpResponse<String> lock = admin.send("LOCK", ROOT + "big", EXCLUSIVE_LOCK, "Depth", "infinity");
            assertThat(lock.statusCode()).isEqualTo(200);
            String token = lock.headers().firstValue("Lock-Token").orElseThrow();

            FileService service = server.bean(FileService.class);
            UserAccount user = server.bean(UserService.class).find("admin").orElseThrow();
            List<String> blobKeys = files.stream()
                    .map(file -> service.find(user, FilePath.parse(file)).orElseThrow().blobKey()).toList();
            String sharedKey = blobKeys.get(0);
            String keptKey = service.find(user, FilePath.parse("big2/kept")).orElseThrow().blobKey();
            String rootEtag = service.find(user, FilePath.ROOT).orElseThrow().etag();

            assertThat(admin.send("DELETE", ROOT + "big", null, "If", "(" + token + ")").statusCode())
                    .isEqualTo(204);

            JdbcClient jdbc = server.bean(JdbcClient.class);
            assertThat(count(jdbc, "SELECT count(*) FROM nodes WHERE path = 'big' OR path LIKE 'big/%'")).isZero();
            assertThat(count(jdbc, "SELECT count(*) FROM dead_properties p "
                    + "WHERE NOT EXISTS (SELECT 1 FROM nodes n WHERE n.id = p.node_id)")).isZero();
            assertThat(count(jdbc, "SELECT count(*) FROM dead_properties")).isEqualTo(1);
            assertThat(jdbc.sql("SELECT path FROM dav_locks").query(String.class).list()).containsExactly("big2/kept");
            Node root = service.find(user, FilePath.ROOT).orElseThrow();
            assertThat(root.size()).isEqualTo(
                    service.find(user, FilePath.parse("big2")).orElseThrow().size()
                            + service.find(user, FilePath.parse("copy-of-f0")).orElseThrow().size());
            assertThat(root.etag()).isNotEqualTo(rootEtag);

            FileSystemBlobStore blobs = server.bean(FileSystemBlobStore.class);
            List<String> unshared = blobKeys.subList(1, blobKeys.size());
            Poll.until(Duration.ofSeconds(30), () -> "the deleted files' unshared blobs to be released",
                    () -> unshared.stream().noneMatch(key -> blobs.pathOf(key).toFile().exists()));
            assertThat(blobs.pathOf(sharedKey)).exists();
            assertThat(blobs.pathOf(keptKey)).exists();
            assertThat(new String(admin.get(ROOT + "copy-of-f0").body())).isEqualTo("content of big/f0");
            assertThat(admin.send("PROPFIND", ROOT + "big2/kept", null, "Depth", "0").body()).contains(">blue</");
        }
    }

    /** The cascade holds in the database, whatever deletes a node: here the users foreign key and a bare DELETE. */
    @Test
    void deletingAFolderRowOrAUserCascadesToDescendantsAndTheirProperties() {
        try (StratusTestServer server = StratusTestServer.start()) {
            server.bean(UserService.class).create("bob", "bob-secret-1", "Bob", -1);
            DavClient bob = new DavClient(server, "bob", "bob-secret-1");
            DavClient admin = DavClient.admin(server);
            String bobRoot = "/remote.php/dav/files/bob/";
            for (DavClient client : List.of(admin, bob)) {
                String root = client == admin ? ROOT : bobRoot;
                assertThat(client.send("MKCOL", root + "a").statusCode()).isEqualTo(201);
                assertThat(client.send("MKCOL", root + "a/b").statusCode()).isEqualTo(201);
                assertThat(client.put(root + "a/b/f", "f".getBytes()).statusCode()).isEqualTo(201);
                assertThat(client.send("PROPPATCH", root + "a/b/f", COLOR).statusCode()).isEqualTo(207);
            }
            JdbcClient jdbc = server.bean(JdbcClient.class);
            long adminId = server.bean(UserService.class).find("admin").orElseThrow().id();

            jdbc.sql("DELETE FROM nodes WHERE owner_id = ? AND path = 'a'").param(adminId).update();
            assertThat(count(jdbc, "SELECT count(*) FROM nodes WHERE owner_id = " + adminId + " AND path <> ''"))
                    .isZero();

            server.bean(UserService.class).delete("bob");
            assertThat(count(jdbc, "SELECT count(*) FROM nodes")).isEqualTo(1); // admin's root
            assertThat(count(jdbc, "SELECT count(*) FROM dead_properties")).isZero();
        }
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
