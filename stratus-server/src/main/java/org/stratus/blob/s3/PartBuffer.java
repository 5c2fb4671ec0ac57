package org.stratus.blob.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * The bytes of one request body (a small object, or one part of a multipart upload), read from the upload stream.
 * Held in memory so that the request can be signed, checksummed and, after a transient failure, sent again. Grows
 * as bytes arrive, so that a small file never costs a whole part's worth of heap.
 */
final class PartBuffer {

    private static final int INITIAL_CAPACITY = 64 * 1024;

    private byte[] bytes = new byte[0];
    private int size;

    /** Reads from {@code in} until this holds {@code limit} bytes or the stream ends. */
    void fill(InputStream in, int limit) throws IOException {
        while (size < limit) {
            if (size == bytes.length) {
                long grown = Math.max(INITIAL_CAPACITY, 2L * bytes.length);
                bytes = Arrays.copyOf(bytes, (int) Math.min(grown, limit));
            }
            int n = in.read(bytes, size, Math.min(bytes.length, limit) - size);
            if (n < 0) {
                return;
            }
            size += n;
        }
    }

    int size() {
        return size;
    }

    /** Empties the buffer and keeps its memory for the next part. */
    void clear() {
        size = 0;
    }

    /** A new stream over the bytes, for each attempt to send them. */
    InputStream newStream() {
        return new ByteArrayInputStream(bytes, 0, size);
    }

    /** CRC32C of the bytes, base64 of its four big-endian bytes: the form of {@code x-amz-checksum-crc32c}. */
    String crc32c() {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, size);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
