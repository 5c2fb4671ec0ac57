package org.stratus.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

/** Upload and download volume and duration; see docs/observability/metrics.md. */
public final class TransferMetrics {

    private final Counter uploadBytes;
    private final Counter downloadBytes;
    private final Timer uploadSuccess;
    private final Timer uploadError;
    private final Timer downloadSuccess;
    private final Timer downloadError;
    private final AtomicInteger uploadsInProgress = new AtomicInteger();

    public TransferMetrics(MeterRegistry registry) {
        uploadBytes = Counter.builder("stratus.upload.bytes").baseUnit("bytes")
                .description("Bytes received in committed file uploads").register(registry);
        downloadBytes = Counter.builder("stratus.download.bytes").baseUnit("bytes")
                .description("Bytes of file content sent").register(registry);
        uploadSuccess = timer(registry, "stratus.upload", "success", "Duration of file uploads");
        uploadError = timer(registry, "stratus.upload", "error", "Duration of file uploads");
        downloadSuccess = timer(registry, "stratus.download", "success", "Duration of file downloads");
        downloadError = timer(registry, "stratus.download", "error", "Duration of file downloads");
        registry.gauge("stratus.uploads.in.progress", uploadsInProgress);
    }

    private static Timer timer(MeterRegistry registry, String name, String outcome, String description) {
        return Timer.builder(name).tag("outcome", outcome).description(description)
                .serviceLevelObjectives(Buckets.LATENCY).register(registry);
    }

    /** Call when an upload starts streaming; the returned handle records its end. */
    public Upload startUpload() {
        uploadsInProgress.incrementAndGet();
        return new Upload(System.nanoTime());
    }

    public final class Upload {
        private final long start;
        private boolean done;

        private Upload(long start) {
            this.start = start;
        }

        public void committed(long bytes) {
            finish(uploadSuccess);
            uploadBytes.increment(bytes);
        }

        public void failed() {
            finish(uploadError);
        }

        private void finish(Timer timer) {
            if (!done) {
                done = true;
                uploadsInProgress.decrementAndGet();
                timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * A download handed to the container to send with sendfile: its bytes count, but its duration is not known
     * here (the transfer runs after the request's handler returned), so it is not in the duration histogram.
     */
    public void handedOff(long bytes) {
        downloadBytes.increment(bytes);
    }

    public void downloaded(long bytes, long startNanos, boolean success) {
        downloadBytes.increment(bytes);
        (success ? downloadSuccess : downloadError).record(System.nanoTime() - startNanos,
                java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
