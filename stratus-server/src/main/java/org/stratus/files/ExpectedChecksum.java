package org.stratus.files;

import java.util.Locale;
import java.util.Optional;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;

/** A checksum a client declared for its upload, in Nextcloud's {@code TYPE:hex} form (SHA1, MD5, ADLER32). */
public record ExpectedChecksum(String type, String hex) {

    /** Parses an OC-Checksum header; unknown types (e.g. SHA3-256) are not verified and yield empty. */
    public static Optional<ExpectedChecksum> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String first = header.trim().split("\\s+")[0];
        int colon = first.indexOf(':');
        if (colon <= 0 || colon == first.length() - 1) {
            throw new StratusException(ErrorCode.INVALID_HEADER, "OC-Checksum must look like 'SHA1:<hex>'");
        }
        String type = first.substring(0, colon).toUpperCase(Locale.ROOT);
        String hex = first.substring(colon + 1).toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{1,128}")) {
            throw new StratusException(ErrorCode.INVALID_HEADER, "OC-Checksum value is not hexadecimal");
        }
        return switch (type) {
            case "SHA1", "MD5", "ADLER32" -> Optional.of(new ExpectedChecksum(type, hex));
            default -> Optional.empty();
        };
    }

    public void verify(StoredContent content) {
        String actual = switch (type) {
            case "SHA1" -> content.sha1();
            case "MD5" -> content.md5();
            default -> content.adler32();
        };
        if (!actual.equals(hex)) {
            throw new StratusException(ErrorCode.CHECKSUM_MISMATCH,
                    "The uploaded content does not match its " + type + " checksum; nothing was changed");
        }
    }
}
