package org.stratus.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.junit.jupiter.api.Test;

class ContentTest {

    @Test
    void sameSeedGivesTheSameBytesAndOtherSeedsOtherBytes() {
        assertThat(Content.of(1, 4096).checksum()).isEqualTo(Content.of(1, 4096).checksum());
        assertThat(Content.of(2, 4096).checksum()).isNotEqualTo(Content.of(1, 4096).checksum());
    }

    @Test
    void smallAndLargeContentWriteTheirExactLengthWithTheChecksumTheyAnnounce() throws Exception {
        for (long size : new long[] {1, 4096, Content.BLOCK, 3L * Content.BLOCK + 123}) {
            Content content = Content.of(9, size);
            CRC32C crc = new CRC32C();
            CountingStream counted = new CountingStream();
            content.writeTo(new CheckedOutputStream(counted, crc));
            assertThat(counted.total).as("bytes written for %d", size).isEqualTo(size);
            assertThat(content.checksum()).isEqualTo(new DavHttp.Checksum(size, crc.getValue()));
            assertThat(content.length()).isEqualTo(size);
        }
    }

    @Test
    void largeContentBlocksDifferSoNothingDeduplicatesThem() throws Exception {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        Content.of(5, 2L * Content.BLOCK).writeTo(written);
        byte[] bytes = written.toByteArray();
        assertThat(Arrays.copyOfRange(bytes, 0, Content.BLOCK))
                .isNotEqualTo(Arrays.copyOfRange(bytes, Content.BLOCK, 2 * Content.BLOCK));
    }

    /** Counts what it is given and keeps none of it. */
    private static final class CountingStream extends OutputStream {
        long total;

        @Override
        public void write(int b) {
            total++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            total += length;
        }
    }
}
