package org.stratus.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.stratus.blob.FileSystemBlobStore;
import org.stratus.testing.DavClient;
import org.stratus.testing.StratusTestServer;

/** The sweeper removes what a crash leaves behind, and nothing that a file still uses. */
class MaintenanceJobsTest {

    @Test
    void orphanBlobsAndStaleTemporariesGoReferencedAndYoungBlobsStay() throws Exception {
        try (StratusTestServer server = StratusTestServer.start()) {
            DavClient.admin(server).put("/remote.php/dav/files/admin/kept.txt", "kept".getBytes());
            FileSystemBlobStore blobs = server.bean(FileSystemBlobStore.class);
            String kept = server.bean(FileService.class).find(
                    server.bean(org.stratus.users.UserService.class).find("admin").orElseThrow(),
                    FilePath.parse("kept.txt")).orElseThrow().blobKey();
            String orphan = UUID.randomUUID().toString();
            String young = UUID.randomUUID().toString();
            blobs.put(orphan, new ByteArrayInputStream("lost".getBytes()));
            blobs.put(young, new ByteArrayInputStream("committing".getBytes()));
            Path temporary = Files.writeString(server.dataDir().resolve("tmp").resolve("crashed.upload"), "partial");
            FileTime old = FileTime.from(Instant.now().minus(7, ChronoUnit.HOURS));
            Files.setLastModifiedTime(blobs.pathOf(orphan), old);
            Files.setLastModifiedTime(blobs.pathOf(kept), old);
            Files.setLastModifiedTime(temporary, old);

            MaintenanceJobs.SweepResult result = server.bean(MaintenanceJobs.class).sweep();

            assertThat(result.orphanBlobs()).isEqualTo(1);
            assertThat(result.staleTemporaries()).isEqualTo(1);
            assertThat(blobs.pathOf(orphan)).doesNotExist();
            assertThat(temporary).doesNotExist();
            assertThat(blobs.pathOf(kept)).exists();
            assertThat(blobs.pathOf(young)).exists();
            assertThat(DavClient.admin(server).get("/remote.php/dav/files/admin/kept.txt").body())
                    .isEqualTo("kept".getBytes());
        }
    }
}
