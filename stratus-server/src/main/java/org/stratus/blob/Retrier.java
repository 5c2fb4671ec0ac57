package org.stratus.blob;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a storage call again after a {@link TransientBlobStoreException}, at most {@code maxAttempts} times in all,
 * waiting a bounded, exponentially growing and jittered time in between (so that replicas that failed together do
 * not retry together). Every retry is counted in {@code stratus_blobstore_retries_total{backend,operation}}.
 *
 * <p>Used by {@link RetryingBlobStore} for whole calls, and by a backend for the pieces of an upload it holds in
 * memory (the parts of an S3 multipart upload): those are the only pieces of a put that can be sent twice.
 */
public final class Retrier {

    /** A storage call. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws IOException;
    }

    /** Waits between attempts; replaced in tests that must not wait. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(Retrier.class);
    private static final List<String> OPERATIONS = List.of("put", "get", "delete", "list");

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final String backend;
    private final MeterRegistry registry;
    private final Sleeper sleeper;

    public Retrier(int maxAttempts, Duration initialBackoff, Duration maxBackoff, String backend,
            MeterRegistry registry) {
        this(maxAttempts, initialBackoff, maxBackoff, backend, registry, duration -> Thread.sleep(duration.toMillis()));
    }

    Retrier(int maxAttempts, Duration initialBackoff, Duration maxBackoff, String backend, MeterRegistry registry,
            Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.backend = backend;
        this.registry = registry;
        this.sleeper = sleeper;
        OPERATIONS.forEach(this::counter); // registered up front so that rates start at zero, not absent
    }

    /** Runs {@code call}, retrying transient failures; {@code operation} is the metric label. */
    public <T> T call(String operation, Call<T> call) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (TransientBlobStoreException e) {
                if (attempt >= maxAttempts) {
                    throw e;
                }
                Duration wait = backoff(attempt);
                counter(operation).increment();
                log.info("Blob store {} {} failed ({}); attempt {} of {} in {} ms", backend, operation, e.getMessage(),
                        attempt + 1, maxAttempts, wait.toMillis());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    InterruptedIOException stop = new InterruptedIOException("Interrupted while waiting to retry");
                    stop.addSuppressed(e);
                    throw stop;
                }
            }
        }
    }

    /** Half the capped exponential delay, plus a random part of the other half. */
    Duration backoff(int attempt) {
        long cap = maxBackoff.toMillis();
        long exponential = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long delay = Math.min(cap, exponential < 0 ? cap : exponential);
        long half = delay / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(delay - half + 1));
    }

    private Counter counter(String operation) {
        return Counter.builder("stratus.blobstore.retries")
                .description("Blob store calls retried after a transient failure")
                .tag("backend", backend)
                .tag("operation", operation)
                .register(registry);
    }
}
