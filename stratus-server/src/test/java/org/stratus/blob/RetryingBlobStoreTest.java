package org.stratus.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Which failures the retry decorator retries, how often and how long it waits. The store below it is a scripted
 * stand-in that fails as told; the S3 backend's retries through real broken connections are in S3BlobStoreTest.
 */
class RetryingBlobStoreTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Duration> waits = new ArrayList<>();
    private final ScriptedStore backend = new ScriptedStore();
    private final BlobStore store = new RetryingBlobStore(backend,
            new Retrier(4, Duration.ofMillis(100), Duration.ofMillis(300), "test", registry, waits::add));

    @Test
    void transientFailuresOfReadsDeletesAndListsAreRetriedAndCounted() throws IOException {
        backend.failures.add(transientFailure());
        backend.failures.add(transientFailure());
        assertThat(store.get("0123456789", 0, 1).readAllBytes()).isEqualTo(new byte[] {42});

        backend.failures.add(transientFailure());
        store.delete("0123456789");

        backend.failures.add(transientFailure());
        store.list(Instant.now(), key -> {});

        assertThat(retries("get")).isEqualTo(2);
        assertThat(retries("delete")).isEqualTo(1);
        assertThat(retries("list")).isEqualTo(1);
        assertThat(backend.calls).isEqualTo(3 + 2 + 2);
    }

    @Test
    void waitsGrowExponentiallyWithJitterAndStayBelowTheCap() {
        for (int i = 0; i < 4; i++) {
            backend.failures.add(transientFailure());
        }

        assertThatThrownBy(() -> store.get("0123456789", 0, 1)).isInstanceOf(TransientBlobStoreException.class);

        assertThat(backend.calls).isEqualTo(4);
        assertThat(waits).hasSize(3);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(waits.get(2)).isBetween(Duration.ofMillis(150), Duration.ofMillis(300));
    }

    @Test
    void aMissingBlobOrAPermanentFailureIsNotRetried() {
        backend.failures.add(new NoSuchFileException("0123456789"));
        assertThatThrownBy(() -> store.get("0123456789", 0, 1)).isInstanceOf(NoSuchFileException.class);

        backend.failures.add(new IOException("403 AccessDenied"));
        assertThatThrownBy(() -> store.delete("0123456789")).hasMessage("403 AccessDenied");

        assertThat(backend.calls).isEqualTo(2);
        assertThat(waits).isEmpty();
    }

    @Test
    void aPutIsNeverRepeatedBecauseItsSourceCannotBeReadTwice() {
        backend.failures.add(transientFailure());

        assertThatThrownBy(() -> store.put("0123456789", new ByteArrayInputStream(new byte[10])))
                .isInstanceOf(TransientBlobStoreException.class);

        assertThat(backend.calls).isEqualTo(1);
        assertThat(retries("put")).isZero();
    }

    private double retries(String operation) {
        return registry.get("stratus.blobstore.retries").tag("backend", "test").tag("operation", operation)
                .counter().count();
    }

    private static TransientBlobStoreException transientFailure() {
        return new TransientBlobStoreException("503 SlowDown", null);
    }

    /** Throws the queued failures one call at a time, then succeeds. */
    private static final class ScriptedStore implements BlobStore {
        final Deque<IOException> failures = new ArrayDeque<>();
        int calls;

        private void next() throws IOException {
            calls++;
            IOException failure = failures.poll();
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void put(String key, InputStream content) throws IOException {
            next();
        }

        @Override
        public InputStream get(String key, long offset, long length) throws IOException {
            next();
            return new ByteArrayInputStream(new byte[] {42});
        }

        @Override
        public void delete(String key) throws IOException {
            next();
        }

        @Override
        public void list(Instant before, Consumer<String> keys) throws IOException {
            next();
        }

        @Override
        public String backend() {
            return "test";
        }
    }
}
