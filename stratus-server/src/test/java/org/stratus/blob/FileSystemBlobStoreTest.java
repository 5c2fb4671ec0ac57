package org.stratus.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** The blob store contract on a real folder. */
class FileSystemBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path root;

    @Override
    protected BlobStore newStore() throws Exception {
        return new FileSystemBlobStore(root);
    }

    @Override
    protected void assertNoUploadLeftovers() throws Exception {
        try (Stream<Path> temporaries = Files.list(root.resolve("tmp"))) {
            assertThat(temporaries).isEmpty();
        }
    }
}
