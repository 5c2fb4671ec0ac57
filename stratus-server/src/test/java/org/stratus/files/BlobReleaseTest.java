package org.stratus.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.stratus.blob.FileSystemBlobStore;
import org.stratus.testing.DavClient;
import org.stratus.testing.StratusTestServer;
import org.stratus.users.UserService;

/**
 * Blobs that lose their last reference are deleted after the commit (after the release grace, which the test server
 * sets to 0 unless a test asks for one); blobs a copy still uses stay.
 */
class BlobReleaseTest {

    private static final String ROOT = "/remote.php/dav/files/admin/";

    @Test
    void deletingAFolderDeletesItsBlobsInOneBatchButKeepsThoseACopyShares() throws Exception {
        try (StratusTestServer server = StratusTestServer.start()) {
            DavClient admin = DavClient.admin(server);
            assertThat(admin.send("MKCOL", ROOT + "folder").statusCode()).isEqualTo(201);
            for (int i = 0; i < 5; i++) {
                assertThat(admin.put(ROOT + "folder/f" + i, ("content " + i).getBytes()).statusCode())
                        .isEqualTo(201);
            }
            assertThat(admin.send("COPY", ROOT + "folder/f0", null,
                    "Destination", server.baseUrl() + ROOT + "copy").statusCode()).isEqualTo(201);
            FileSystemBlobStore blobs = server.bean(FileSystemBlobStore.class);
            FileService files = server.bean(FileService.class);
            var user = server.bean(UserService.class).find("admin").orElseThrow();
            String shared = files.find(user, FilePath.parse("folder/f0")).orElseThrow().blobKey();
            String alone = files.find(user, FilePath.parse("folder/f1")).orElseThrow().blobKey();

            assertThat(admin.send("DELETE", ROOT + "folder").statusCode()).isEqualTo(204);

            assertThat(blobs.pathOf(alone)).doesNotExist();
            assertThat(blobs.pathOf(shared)).exists();
            assertThat(new String(admin.get(ROOT + "copy").body())).isEqualTo("content 0");
        }
    }

    /**
     * Large downloads are sent with sendfile after the GET's handler returned, so a released blob stays for the
     * grace period: readers racing an overwriting writer always get one whole version, and the old blob goes only
     * after the grace.
     */
    @Test
    void releasedBlobsOutliveDownloadsRacingAnOverwrite() throws Exception {
        try (StratusTestServer server = StratusTestServer.builder()
                .property("stratus.blob.release-grace=2s").start()) {
            DavClient admin = DavClient.admin(server);
            List<byte[]> versions = new CopyOnWriteArrayList<>();
            versions.add(version(0));
            assertThat(admin.put(ROOT + "race.bin", versions.get(0)).statusCode()).isEqualTo(201);
            FileSystemBlobStore blobs = server.bean(FileSystemBlobStore.class);
            var user = server.bean(UserService.class).find("admin").orElseThrow();
            String first = server.bean(FileService.class).find(user, FilePath.parse("race.bin")).orElseThrow()
                    .blobKey();

            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService readers = Executors.newFixedThreadPool(4);
            List<Future<Integer>> reads = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                reads.add(readers.submit(() -> {
                    int count = 0;
                    while (writing.get() || count == 0) {
                        HttpResponse<byte[]> response = admin.get(ROOT + "race.bin");
                        assertThat(response.statusCode()).isEqualTo(200);
                        assertThat(versions).anyMatch(v -> Arrays.equals(v, response.body()));
                        count++;
                    }
                    return count;
                }));
            }
            for (int v = 1; v <= 30; v++) {
                byte[] next = version(v);
                versions.add(next);
                assertThat(admin.put(ROOT + "race.bin", next).statusCode()).isEqualTo(204);
            }
            writing.set(false);
            for (Future<Integer> read : reads) {
                assertThat(read.get(2, TimeUnit.MINUTES)).isPositive();
            }
            readers.shutdown();

            assertThat(blobs.pathOf(first)).as("released, but within the grace").exists();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Files.exists(blobs.pathOf(first)) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(blobs.pathOf(first)).as("deleted once the grace is over").doesNotExist();
        }
    }

    /** 100 KiB (sent with sendfile), different for each version. */
    private static byte[] version(int number) {
        byte[] content = new byte[100 * 1024];
        new Random(number).nextBytes(content);
        return content;
    }
}
