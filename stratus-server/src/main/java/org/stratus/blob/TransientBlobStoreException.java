package org.stratus.blob;

import java.io.IOException;

/**
 * A storage failure that may pass if the same call is made again: the store answered "busy" or "internal error",
 * or the connection to it failed. Each backend decides what is transient, because only it knows its failures;
 * {@link RetryingBlobStore} retries exactly these.
 */
public class TransientBlobStoreException extends IOException {

    public TransientBlobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
