package org.stratus.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} backend promises, run against each of them (one subclass per backend, each on the
 * real thing: a folder, an S3 server). Contents are random bytes compared by SHA-256; sizes straddle the S3
 * backend's multipart threshold and part size, which its subclass sets small (1 MiB, 5 MiB).
 */
public abstract class BlobStoreContract {

    /** Larger than the multipart threshold and more than two parts, with a last part that is not a whole one. */
    protected static final int LARGE = 12 * 1024 * 1024 + 4321;

    private BlobStore store;

    /** A new, empty store; called before each test. */
    protected abstract BlobStore newStore() throws Exception;

    /** Fails when an upload left something behind outside the key space (temporary file, multipart upload). */
    protected abstract void assertNoUploadLeftovers() throws Exception;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    protected BlobStore store() {
        return store;
    }

    @Test
    void aStoredBlobReadsBackByteForByte() throws IOException {
        byte[] content = random(100_000, 1);
        String key = newKey();

        store.put(key, new ByteArrayInputStream(content));

        assertThat(sha256(read(key, 0, content.length))).isEqualTo(sha256(content));
    }

    @Test
    void anEmptyBlobIsStoredAndReadsAsEmpty() throws IOException {
        String key = newKey();

        store.put(key, InputStream.nullInputStream());

        assertThat(read(key, 0, 0)).isEmpty();
        assertThat(read(key, 0, 100)).isEmpty();
        assertThat(listed(Instant.now().plusSeconds(60))).contains(key);
    }

    @Test
    void aBlobLargerThanSeveralPartsStreamsInAndReadsBackIntact() throws Exception {
        byte[] content = random(LARGE, 2);
        String key = newKey();

        store.put(key, new TrickleInputStream(content)); // short reads, as from a network socket

        assertThat(sha256(read(key, 0, content.length))).isEqualTo(sha256(content));
        int partBoundary = 5 * 1024 * 1024;
        assertThat(read(key, partBoundary - 100, 200))
                .isEqualTo(Arrays.copyOfRange(content, partBoundary - 100, partBoundary + 100));
        assertNoUploadLeftovers();
    }

    @Test
    void aRangedReadReturnsExactlyTheRangeAndStopsAtTheEnd() throws IOException {
        byte[] content = random(10_000, 3);
        String key = newKey();
        store.put(key, new ByteArrayInputStream(content));

        assertThat(read(key, 0, 1)).isEqualTo(Arrays.copyOfRange(content, 0, 1));
        assertThat(read(key, 1234, 4321)).isEqualTo(Arrays.copyOfRange(content, 1234, 1234 + 4321));
        assertThat(read(key, 9_990, 10)).isEqualTo(Arrays.copyOfRange(content, 9_990, 10_000));
        assertThat(read(key, 9_990, 1_000)).isEqualTo(Arrays.copyOfRange(content, 9_990, 10_000));
        assertThat(read(key, 5_000, Long.MAX_VALUE)).isEqualTo(Arrays.copyOfRange(content, 5_000, 10_000));
        assertThat(read(key, 10_000, 10)).isEmpty();
    }

    @Test
    void aDownloadClosedEarlyReleasesItsResources() throws IOException {
        byte[] content = random(2 * 1024 * 1024, 4);
        String key = newKey();
        store.put(key, new ByteArrayInputStream(content));

        for (int i = 0; i < 60; i++) { // more than a connection pool holds, if closing leaked them
            try (InputStream in = store.get(key, 0, content.length)) {
                assertThat(in.readNBytes(10)).isEqualTo(Arrays.copyOf(content, 10));
            }
        }
        assertThat(sha256(read(key, 0, content.length))).isEqualTo(sha256(content));
    }

    @Test
    void readingAMissingBlobThrowsNoSuchFile() {
        String key = newKey();

        assertThatThrownBy(() -> store.get(key, 0, 10)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.get(key, 0, 0)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void deleteRemovesTheBlobAndIsIdempotent() throws IOException {
        String key = newKey();
        store.put(key, new ByteArrayInputStream(random(1000, 5)));

        store.delete(key);

        assertThatThrownBy(() -> store.get(key, 0, 1000)).isInstanceOf(NoSuchFileException.class);
        assertThat(listed(Instant.now().plusSeconds(60))).doesNotContain(key);
        store.delete(key);
        store.delete(newKey());
    }

    @Test
    void listReturnsTheBlobsLastModifiedBeforeTheGivenTime() throws IOException {
        String first = newKey();
        String second = newKey();
        String deleted = newKey();
        for (String key : List.of(first, second, deleted)) {
            store.put(key, new ByteArrayInputStream(random(10, key.hashCode())));
        }
        store.delete(deleted);

        assertThat(listed(Instant.now().plusSeconds(60))).containsExactlyInAnyOrder(first, second);
        assertThat(listed(Instant.now().minus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void aSmallUploadWhoseSourceFailsLeavesNothing() throws Exception {
        assertFailedUploadLeavesNothing(100_000);
    }

    @Test
    void aLargeUploadWhoseSourceFailsAfterSomePartsLeavesNothing() throws Exception {
        assertFailedUploadLeavesNothing(11 * 1024 * 1024);
    }

    private void assertFailedUploadLeavesNothing(int failAfter) throws Exception {
        String key = newKey();
        InputStream failing = new FailingInputStream(random(failAfter, 6), new IOException("client went away"));

        assertThatThrownBy(() -> store.put(key, failing)).isInstanceOf(IOException.class);

        assertThatThrownBy(() -> store.get(key, 0, 1)).isInstanceOf(NoSuchFileException.class);
        assertThat(listed(Instant.now().plusSeconds(60))).doesNotContain(key);
        assertNoUploadLeftovers();
    }

    @Test
    void concurrentUploadsOfDifferentKeysAllLand() throws Exception {
        int uploads = 12;
        List<String> keys = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            keys.add(newKey());
            // every third one is a multipart upload in the S3 backend
            contents.add(random(i % 3 == 0 ? 6 * 1024 * 1024 + i : 50_000 + i * 1000, 100 + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    store.put(keys.get(n), new TrickleInputStream(contents.get(n)));
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < uploads; i++) {
            assertThat(sha256(read(keys.get(i), 0, contents.get(i).length))).isEqualTo(sha256(contents.get(i)));
        }
        assertThat(listed(Instant.now().plusSeconds(60))).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void aKeyThatIsNotABlobKeyIsRefused() {
        for (String bad : List.of("../../etc/passwd", "a/b/c/d/e/f/g", "UPPERCASE-KEY", "short")) {
            assertThatThrownBy(() -> store.put(bad, InputStream.nullInputStream()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.get(bad, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    protected static String newKey() {
        return UUID.randomUUID().toString();
    }

    protected byte[] read(String key, long offset, long length) throws IOException {
        try (InputStream in = store.get(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    protected List<String> listed(Instant before) throws IOException {
        List<String> keys = new ArrayList<>();
        store.list(before, keys::add);
        return keys;
    }

    protected static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    protected static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands out at most 8 KiB a read, as a socket does. */
    protected static class TrickleInputStream extends ByteArrayInputStream {
        protected TrickleInputStream(byte[] content) {
            super(content);
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) {
            return super.read(buffer, offset, Math.min(length, 8192));
        }
    }

    /** Its content, then a failure instead of the end: an upload whose client went away. */
    protected static final class FailingInputStream extends InputStream {
        private final InputStream content;
        private final IOException failure;

        FailingInputStream(byte[] content, IOException failure) {
            this.content = new TrickleInputStream(content);
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            int b = content.read();
            if (b < 0) {
                throw failure;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = content.read(buffer, offset, length);
            if (n < 0) {
                throw failure;
            }
            return n;
        }
    }
}
