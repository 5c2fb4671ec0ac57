package org.stratus.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stratus.blob.FileSystemBlobStore;
import org.stratus.testing.DavClient;
import org.stratus.testing.StratusTestServer;
import org.stratus.users.UserService;

/** Blobs that lose their last reference are deleted after the commit; blobs a copy still uses stay. */
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
}
