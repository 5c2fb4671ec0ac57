package org.stratus.blob.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Set;
import org.stratus.blob.TransientBlobStoreException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns the SDK's unchecked exceptions into the blob store's checked ones: a missing object into
 * {@link NoSuchFileException}, what may pass on a second try into {@link TransientBlobStoreException}, the rest
 * (denied, bad request, no such bucket) into a plain {@link IOException} that is not retried.
 */
final class S3Errors {

    /** Error codes S3 and compatible services use for "try again", whatever the HTTP status. */
    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "RequestTimeout", "RequestTimeTooSkewed", "InternalError", "ServiceUnavailable", "OperationAborted");

    private S3Errors() {}

    static IOException translate(String operation, String objectKey, SdkException e) {
        String what = "S3 " + operation + " of " + objectKey;
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() != null ? service.awsErrorDetails().errorCode() : null;
            String detail = what + " failed: " + status + (code != null ? " " + code : "");
            if (status == 404 && !"NoSuchBucket".equals(code) && !"NoSuchUpload".equals(code)) {
                NoSuchFileException missing = new NoSuchFileException(objectKey);
                missing.initCause(e);
                return missing;
            }
            if (status >= 500 || status == 429 || service.isThrottlingException()
                    || (code != null && TRANSIENT_CODES.contains(code))) {
                return new TransientBlobStoreException(detail, e);
            }
            return new IOException(detail, e);
        }
        if (e instanceof SdkClientException && isTransient(e)) {
            return new TransientBlobStoreException(what + " failed: " + e.getMessage(), e);
        }
        return new IOException(what + " failed: " + e.getMessage(), e);
    }

    /** A connection that failed or timed out; not a client-side mistake such as a bad setting. */
    private static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof ApiCallTimeoutException
                    || t instanceof ApiCallAttemptTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
