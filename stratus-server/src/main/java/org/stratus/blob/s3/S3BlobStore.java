package org.stratus.blob.s3;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stratus.blob.BlobBackend;
import org.stratus.blob.BlobKeys;
import org.stratus.blob.Retrier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as objects {@code keyPrefix + key} in one bucket of S3 or an S3-compatible service, so that replicas share
 * file contents without a shared volume.
 *
 * <p>An upload is streamed: up to {@code multipartThreshold} bytes are buffered and sent in one PutObject; a larger
 * one becomes a multipart upload of {@code partSize} parts, one part in memory at a time, aborted on any failure so
 * that nothing is left (and nothing is billed). Every body carries its CRC32C ({@code x-amz-checksum-crc32c}), so
 * that the service refuses bytes that changed on the way instead of storing them. S3 makes a PutObject or
 * CompleteMultipartUpload durable before it answers, which is what {@link #put} promises.
 *
 * <p>The client's own retries are off ({@link S3Clients}): retries are the {@link Retrier}'s, in one place, counted,
 * and configured by {@code stratus.blob.retry.*}. This class retries the requests whose bodies it holds in memory;
 * the other calls are retried by {@code RetryingBlobStore} around it.
 */
public final class S3BlobStore implements BlobBackend, AutoCloseable {

    /** S3's limits for a multipart upload: parts but the last at least 5 MiB, at most 10,000 parts. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    public static final int MAX_PARTS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int multipartThreshold;
    private final int partSize;
    private final Retrier retrier;

    public S3BlobStore(S3Client s3, String bucket, String keyPrefix, int multipartThreshold, int partSize,
            Retrier retrier) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("The part size must be at least " + MIN_PART_SIZE + " bytes");
        }
        if (multipartThreshold < 0 || multipartThreshold == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Invalid multipart threshold " + multipartThreshold);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = keyPrefix == null ? "" : keyPrefix;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
        this.retrier = retrier;
    }

    @Override
    public void put(String key, InputStream content) throws IOException {
        String object = objectKey(key);
        PartBuffer buffer = new PartBuffer();
        buffer.fill(content, multipartThreshold + 1);
        if (buffer.size() <= multipartThreshold) {
            retrier.call("put", () -> call("put", object, () -> s3.putObject(request -> request
                    .bucket(bucket).key(object).checksumCRC32C(buffer.crc32c()), body(buffer))));
            return;
        }
        putMultipart(object, buffer, content);
    }

    private void putMultipart(String object, PartBuffer buffer, InputStream content) throws IOException {
        String uploadId = retrier.call("put", () -> call("put", object, () -> s3.createMultipartUpload(
                request -> request.bucket(bucket).key(object).checksumAlgorithm(ChecksumAlgorithm.CRC32_C))
                .uploadId()));
        try {
            List<CompletedPart> parts = new ArrayList<>();
            // The first part takes what was read to choose multipart, topped up to a whole part.
            buffer.fill(content, Math.max(partSize, buffer.size()));
            do {
                if (parts.size() == MAX_PARTS) {
                    throw new IOException("The upload needs more than " + MAX_PARTS + " parts of " + partSize
                            + " bytes; raise stratus.blob.s3.part-size");
                }
                parts.add(uploadPart(object, uploadId, parts.size() + 1, buffer));
                buffer.clear();
                buffer.fill(content, partSize);
            } while (buffer.size() > 0);
            retrier.call("put", () -> call("put", object, () -> s3.completeMultipartUpload(request -> request
                    .bucket(bucket).key(object).uploadId(uploadId).multipartUpload(upload -> upload.parts(parts)))));
        } catch (IOException | RuntimeException | Error e) {
            abort(object, uploadId, e);
            throw e;
        }
    }

    private CompletedPart uploadPart(String object, String uploadId, int number, PartBuffer part) throws IOException {
        String checksum = part.crc32c();
        String etag = retrier.call("put", () -> call("put", object, () -> s3.uploadPart(request -> request
                .bucket(bucket).key(object).uploadId(uploadId).partNumber(number).checksumCRC32C(checksum),
                body(part)).eTag()));
        return CompletedPart.builder().partNumber(number).eTag(etag).checksumCRC32C(checksum).build();
    }

    /** Best effort: an upload that cannot be aborted now is aborted by {@link #deleteStaleTemporaries} later. */
    private void abort(String object, String uploadId, Throwable failure) {
        try {
            retrier.call("put", () -> call("abort", object, () -> s3.abortMultipartUpload(request -> request
                    .bucket(bucket).key(object).uploadId(uploadId))));
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            log.warn("Could not abort multipart upload of {}; the maintenance job will: {}", object, e.toString());
        }
    }

    private static RequestBody body(PartBuffer buffer) {
        // A stream per attempt over the buffered bytes, without the copy RequestBody.fromBytes would make.
        return RequestBody.fromContentProvider(buffer::newStream, buffer.size(), "application/octet-stream");
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        String object = objectKey(key);
        if (length <= 0) {
            call("get", object, () -> s3.headObject(request -> request.bucket(bucket).key(object)));
            return InputStream.nullInputStream();
        }
        long last = offset + length - 1;
        String range = "bytes=" + offset + "-" + (last < offset ? "" : last); // open-ended when the end overflows
        try {
            ResponseInputStream<GetObjectResponse> response = s3.getObject(request -> request
                    .bucket(bucket).key(object).range(range));
            return new ObjectStream(response);
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return InputStream.nullInputStream(); // the range starts at or after the end of an existing object
            }
            throw S3Errors.translate("get", object, e);
        } catch (SdkException e) {
            throw S3Errors.translate("get", object, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String object = objectKey(key);
        call("delete", object, () -> s3.deleteObject(request -> request.bucket(bucket).key(object)));
    }

    @Override
    public void list(Instant before, Consumer<String> keys) throws IOException {
        call("list", prefix + "*", () -> {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(request -> request
                    .bucket(bucket).prefix(prefix))) {
                for (S3Object object : page.contents()) {
                    String key = object.key().substring(prefix.length());
                    if (BlobKeys.isValid(key) && object.lastModified().isBefore(before)) {
                        keys.accept(key);
                    }
                }
            }
            return null;
        });
    }

    /** Aborts multipart uploads started before {@code before}: what died with the process that started them. */
    @Override
    public int deleteStaleTemporaries(Instant before) throws IOException {
        List<MultipartUpload> stale = new ArrayList<>();
        call("list", prefix + "*", () -> {
            s3.listMultipartUploadsPaginator(request -> request.bucket(bucket).prefix(prefix)).uploads().stream()
                    .filter(upload -> upload.initiated().isBefore(before))
                    .filter(upload -> BlobKeys.isValid(upload.key().substring(prefix.length())))
                    .forEach(stale::add);
            return null;
        });
        for (MultipartUpload upload : stale) {
            call("abort", upload.key(), () -> s3.abortMultipartUpload(request -> request
                    .bucket(bucket).key(upload.key()).uploadId(upload.uploadId())));
        }
        return stale.size();
    }

    @Override
    public String backend() {
        return "s3";
    }

    /** The bucket, as a check at start that it exists and the credentials may use it. */
    public void checkBucket() throws IOException {
        call("check", bucket, () -> s3.headBucket(request -> request.bucket(bucket)));
    }

    @Override
    public void close() {
        s3.close();
    }

    private String objectKey(String key) {
        return prefix + BlobKeys.requireValid(key);
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run();
    }

    private static <T> T call(String operation, String object, SdkCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (SdkException e) {
            throw S3Errors.translate(operation, object, e);
        }
    }
}
