package org.stratus.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.Adler32;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;

/**
 * Counts and hashes (SHA-1, MD5, Adler-32: what Nextcloud clients and rclone compare) the bytes of an upload as they
 * stream to the blob store, and stops the upload with 413 the moment it passes the limit.
 */
final class HashingInputStream extends FilterInputStream {

    private final MessageDigest sha1;
    private final MessageDigest md5;
    private final Adler32 adler32 = new Adler32();
    private final long limit;
    private long count;
    private boolean sourceFailed;

    private final java.util.function.Supplier<StratusException> whenExceeded;

    /** @param whenExceeded the client-visible failure once more than {@code limit} bytes arrive (413 or 507) */
    HashingInputStream(InputStream in, long limit, java.util.function.Supplier<StratusException> whenExceeded) {
        super(in);
        this.limit = limit;
        this.whenExceeded = whenExceeded;
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            sourceFailed = true;
            throw e;
        }
        if (n > 0) {
            count += n;
            if (count > limit) {
                throw new UploadTooLargeException(whenExceeded.get());
            }
            sha1.update(buffer, offset, n);
            md5.update(buffer, offset, n);
            adler32.update(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) {
        return 0; // every byte must be hashed
    }

    long count() {
        return count;
    }

    /** Whether reading the upload itself failed (the client), as opposed to the blob store. */
    boolean sourceFailed() {
        return sourceFailed;
    }

    StoredContent result(String blobKey) {
        HexFormat hex = HexFormat.of();
        return new StoredContent(blobKey, count, hex.formatHex(sha1.digest()), hex.formatHex(md5.digest()),
                String.format("%08x", adler32.getValue()));
    }

    /** Thrown as an IOException so that blob stores treat it like a broken stream and clean up. */
    static final class UploadTooLargeException extends IOException {
        private final transient StratusException failure;

        UploadTooLargeException(StratusException failure) {
            super("upload exceeds the size limit", null);
            this.failure = failure;
        }

        StratusException toStratus() {
            return failure;
        }
    }
}
