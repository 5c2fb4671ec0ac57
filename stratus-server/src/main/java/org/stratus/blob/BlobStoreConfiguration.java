package org.stratus.blob;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.stratus.blob.s3.S3BlobStore;
import org.stratus.blob.s3.S3Clients;
import org.stratus.config.StratusProperties;

/**
 * Wires the backend chosen by {@code stratus.blob.backend} behind the decorators: metrics outside, so that a call's
 * time includes its retries and its outcome is the final one; retries inside.
 */
@Configuration(proxyBeanMethods = false)
class BlobStoreConfiguration {

    @Bean
    @ConditionalOnProperty(name = "stratus.blob.backend", havingValue = "filesystem", matchIfMissing = true)
    FileSystemBlobStore fileSystemBlobStore(StratusProperties properties) throws IOException {
        return new FileSystemBlobStore(properties.dataDir());
    }

    @Bean
    @ConditionalOnProperty(name = "stratus.blob.backend", havingValue = "s3")
    S3BlobStore s3BlobStore(StratusProperties properties, Retrier blobRetrier) {
        StratusProperties.S3 s3 = properties.blob().s3();
        if (s3.bucket() == null || s3.bucket().isBlank()) {
            throw new IllegalStateException("stratus.blob.backend is s3 but no bucket is set: set "
                    + "stratus.blob.s3.bucket (STRATUS_BLOB_S3_BUCKET)");
        }
        int partSize = bytes("stratus.blob.s3.part-size", s3.partSize().toBytes());
        int threshold = bytes("stratus.blob.s3.multipart-threshold", s3.multipartThreshold().toBytes());
        if (partSize < S3BlobStore.MIN_PART_SIZE) {
            throw new IllegalStateException("stratus.blob.s3.part-size must be at least 5MB (S3's smallest part)");
        }
        long largest = (long) S3BlobStore.MAX_PARTS * partSize;
        if (properties.limits().maxUploadBytes() > largest) {
            throw new IllegalStateException("stratus.limits.max-upload-bytes (" + properties.limits().maxUploadBytes()
                    + ") is more than " + S3BlobStore.MAX_PARTS + " parts of stratus.blob.s3.part-size hold ("
                    + largest + "): raise the part size or lower the limit");
        }
        S3BlobStore store = new S3BlobStore(S3Clients.create(s3), s3.bucket(), s3.keyPrefix(), threshold, partSize,
                blobRetrier);
        try {
            store.checkBucket();
        } catch (IOException e) {
            store.close();
            throw new IllegalStateException("Cannot use S3 bucket '" + s3.bucket() + "' at "
                    + (s3.endpoint() != null ? s3.endpoint() : "AWS region " + s3.region())
                    + ": check that it exists, stratus.blob.s3.* and the credentials (" + e.getMessage() + ")", e);
        }
        return store;
    }

    @Bean
    Retrier blobRetrier(StratusProperties properties, MeterRegistry registry) {
        StratusProperties.Retry retry = properties.blob().retry();
        return new Retrier(retry.maxAttempts(), retry.initialBackoff(), retry.maxBackoff(),
                properties.blob().backend().id(), registry);
    }

    /**
     * The store everything uses. Blobs that are local files may be sent with sendfile after a request's handler
     * returned, so their deletion waits out {@code stratus.blob.release-grace}.
     */
    @Bean
    @Primary
    BlobStore blobStore(BlobBackend backend, Retrier blobRetrier, MeterRegistry registry,
            StratusProperties properties) {
        BlobStore store = new InstrumentedBlobStore(new RetryingBlobStore(backend, blobRetrier), registry);
        return properties.blob().backend() == StratusProperties.Blob.Backend.FILESYSTEM
                ? new DeferredDeleteBlobStore(store, properties.blob().releaseGrace())
                : store;
    }

    private static int bytes(String key, long value) {
        if (value < 0 || value > 1L << 30) {
            throw new IllegalStateException(key + " must be between 0 and 1GB: it is held in memory");
        }
        return (int) value;
    }
}
