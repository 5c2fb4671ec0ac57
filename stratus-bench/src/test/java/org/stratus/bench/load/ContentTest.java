package org.stratus.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ContentTest {

    @Test
    void sameSeedGivesTheSameBytesAndOtherSeedsOtherBytes() {
        assertThat(Content.of(1, 4096).checksum()).isEqualTo(Content.of(1, 4096).checksum());
        assertThat(Content.of(2, 4096).checksum()).isNotEqualTo(Content.of(1, 4096).checksum());
    }

    @Test
    void largeContentStreamsItsExactLengthWithTheChecksumItAnnounces() throws Exception {
        long size = 3L * Content.BLOCK + 123;
        Content content = Content.of(9, size);
        CRC32C crc = new CRC32C();
        long total = 0;
        try (InputStream in = content.publisherStream()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
                total += n;
            }
        }
        assertThat(total).isEqualTo(size);
        assertThat(content.checksum()).isEqualTo(new DavHttp.Checksum(size, crc.getValue()));
        assertThat(content.length()).isEqualTo(size);
    }

    @Test
    void largeContentBlocksDifferSoNothingDeduplicatesThem() throws Exception {
        try (InputStream in = Content.of(5, 2L * Content.BLOCK).publisherStream()) {
            byte[] first = in.readNBytes(Content.BLOCK);
            byte[] second = in.readNBytes(Content.BLOCK);
            assertThat(first).isNotEqualTo(second);
        }
    }
}
