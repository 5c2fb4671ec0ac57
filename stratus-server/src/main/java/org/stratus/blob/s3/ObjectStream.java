package org.stratus.blob.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An object's body as it streams from S3. Closed before its end (a client that stops a download), it aborts the
 * connection instead of letting the HTTP client read and discard the rest of a possibly huge body; read to its end,
 * the connection goes back to the pool.
 */
final class ObjectStream extends FilterInputStream {

    private final ResponseInputStream<GetObjectResponse> response;
    private long remaining;

    ObjectStream(ResponseInputStream<GetObjectResponse> response) {
        super(response);
        this.response = response;
        Long length = response.response().contentLength();
        this.remaining = length != null ? length : Long.MAX_VALUE;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        remaining = b < 0 ? 0 : remaining - 1;
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        remaining = n < 0 ? 0 : remaining - n;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (remaining > 0) {
            response.abort();
        }
        super.close();
    }
}
