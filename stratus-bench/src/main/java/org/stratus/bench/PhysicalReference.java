package org.stratus.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stratus.bench.load.Content;
import org.stratus.bench.peers.Commands;

/**
 * How fast this machine reads a file it has in the page cache: {@code dd} of a 256 MiB file to /dev/null, best of
 * three. No server can serve a file faster than that, so GET 1 MiB and 256 MiB are read against it.
 */
final class PhysicalReference {

    private static final Pattern DD_SUMMARY = Pattern.compile("(\\d+) bytes .* copied, ([0-9.,]+) s");
    private static final long SIZE = 256L << 20;

    private PhysicalReference() {}

    /** MB/s, or NaN when dd fails or its output cannot be read. */
    static double pageCacheReadMbPerS(Path workDir) throws IOException, InterruptedException {
        Path file = workDir.resolve("dd-reference.bin");
        try (OutputStream out = Files.newOutputStream(file)) {
            Content.of(SIZE, SIZE).writeTo(out);
        }
        try {
            double best = Double.NaN;
            for (int i = 0; i < 3; i++) {
                Commands.Result dd = Commands.run(List.of("dd", "if=" + file, "of=/dev/null", "bs=1M"), Map.of(),
                        null, 120);
                if (dd.exitCode() != 0) {
                    return Double.NaN;
                }
                Matcher m = DD_SUMMARY.matcher(dd.output());
                if (m.find()) {
                    double mbPerS = Long.parseLong(m.group(1)) / Double.parseDouble(m.group(2).replace(',', '.')) / 1e6;
                    best = Double.isNaN(best) ? mbPerS : Math.max(best, mbPerS);
                }
            }
            return best;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
