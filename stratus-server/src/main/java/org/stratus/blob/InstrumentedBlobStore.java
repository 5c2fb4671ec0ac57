package org.stratus.blob;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import org.stratus.ops.Buckets;

/**
 * Times every blob store call by backend, operation and outcome ({@code stratus_blobstore_operation_seconds}). A
 * decorator, so that every backend is measured the same way.
 */
public final class InstrumentedBlobStore implements BlobStore {

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private final BlobStore delegate;
    private final MeterRegistry registry;

    public InstrumentedBlobStore(BlobStore delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
        for (String operation : new String[] {"put", "get", "delete", "list"}) {
            for (String outcome : new String[] {"success", "error", "aborted"}) {
                timer(operation, outcome); // registered up front so that rates start at zero, not absent
            }
        }
    }

    /** The decorated store, for backend-specific features such as zero-copy reads. */
    public BlobStore delegate() {
        return delegate;
    }

    @Override
    public void put(String key, InputStream content) throws IOException {
        SourceWatch source = new SourceWatch(content);
        long start = System.nanoTime();
        String outcome = "error";
        try {
            delegate.put(key, source);
            outcome = "success";
        } finally {
            // A client that aborts its upload is not a storage failure: keep it out of the error rate.
            if (source.failed) {
                outcome = "aborted";
            }
            timer("put", outcome).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Remembers whether reading the upload itself failed (client gone, size limit), as opposed to the store. */
    private static final class SourceWatch extends java.io.FilterInputStream {
        boolean failed;

        SourceWatch(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        return measure("get", () -> delegate.get(key, offset, length));
    }

    @Override
    public Optional<Path> localFile(String key) throws IOException {
        return delegate.localFile(key);
    }

    @Override
    public void delete(String key) throws IOException {
        measure("delete", () -> {
            delegate.delete(key);
            return null;
        });
    }

    @Override
    public void list(Instant before, Consumer<String> keys) throws IOException {
        measure("list", () -> {
            delegate.list(before, keys);
            return null;
        });
    }

    @Override
    public String backend() {
        return delegate.backend();
    }

    private <T> T measure(String operation, Call<T> call) throws IOException {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.run();
            outcome = "success";
            return result;
        } finally {
            timer(operation, outcome).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder("stratus.blobstore.operation")
                .description("Blob store calls")
                .tag("backend", delegate.backend())
                .tag("operation", operation)
                .tag("outcome", outcome)
                .serviceLevelObjectives(Buckets.LATENCY)
                .register(registry);
    }
}
