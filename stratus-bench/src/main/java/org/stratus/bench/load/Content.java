package org.stratus.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.stratus.bench.load.DavHttp.Body;
import org.stratus.bench.load.DavHttp.Checksum;

/**
 * File contents the bench uploads: pseudo-random, so that no compression or deduplication flatters anyone, and
 * reproducible from a seed, so that a GET can be checked without keeping the bytes. Files up to {@link #BLOCK}
 * are held in memory; larger ones are one random block repeated with the block number stamped in its first
 * eight bytes, streamed with a known Content-Length.
 */
public final class Content implements Body {

    static final int BLOCK = 1 << 20;
    /** What one write hands the socket when a large body is streamed. */
    private static final int WRITE_CHUNK = 64 * 1024;

    private final long seed;
    private final long length;
    private final byte[] small;
    private final Checksum checksum;

    private Content(long seed, long length) {
        this.seed = seed;
        this.length = length;
        this.small = length <= BLOCK ? randomBytes(seed, (int) length) : null;
        this.checksum = computeChecksum();
    }

    public static Content of(long seed, long length) {
        return new Content(seed, length);
    }

    /** Small files in one write; large ones block by block, so that a 256 MiB body is never held in memory. */
    @Override
    public void writeTo(OutputStream out) throws IOException {
        if (small != null) {
            out.write(small);
            return;
        }
        InputStream blocks = stream();
        byte[] buffer = new byte[WRITE_CHUNK];
        for (int n; (n = blocks.read(buffer, 0, buffer.length)) > 0; ) {
            out.write(buffer, 0, n);
        }
    }

    @Override
    public long length() {
        return length;
    }

    public Checksum checksum() {
        return checksum;
    }

    private Checksum computeChecksum() {
        CRC32C crc = new CRC32C();
        if (small != null) {
            crc.update(small);
        } else {
            BlockStream blocks = new BlockStream(randomBytes(seed, BLOCK), length);
            byte[] buffer = new byte[BLOCK];
            for (int n; (n = blocks.read(buffer, 0, buffer.length)) > 0; ) {
                crc.update(buffer, 0, n);
            }
        }
        return new Checksum(length, crc.getValue());
    }

    private InputStream stream() {
        return new BlockStream(randomBytes(seed, BLOCK), length);
    }

    private static byte[] randomBytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** The large-file layout: the block repeated, each copy starting with its number. */
    private static final class BlockStream extends InputStream {
        private final byte[] block;
        private final long length;
        private long position;

        BlockStream(byte[] block, long length) {
            this.block = block.clone();
            this.length = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int count) {
            if (position >= length) {
                return -1;
            }
            int inBlock = (int) (position % BLOCK);
            if (inBlock == 0) {
                ByteBuffer.wrap(block).putLong(0, position / BLOCK);
            }
            int n = (int) Math.min(Math.min(count, BLOCK - inBlock), length - position);
            System.arraycopy(block, inBlock, into, offset, n);
            position += n;
            return n;
        }
    }
}
