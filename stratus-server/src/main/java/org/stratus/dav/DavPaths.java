package org.stratus.dav;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.files.FilePath;

/**
 * Maps request URLs to {@link DavLocation}s and back. Decoding is strict: every percent escape must be valid, the
 * bytes must be well-formed UTF-8 (which rejects overlong encodings such as {@code %c0%ae}), and each decoded
 * segment goes through {@link FilePath#checkName}, which rejects {@code ..}, slashes, backslashes and NUL.
 */
final class DavPaths {

    static final String DAV_FILES = "/remote.php/dav/files/";
    static final String LEGACY = "/remote.php/webdav";

    private DavPaths() {}

    /**
     * Resolves a raw (still percent-encoded) request path. {@code authenticatedUser} fills in the owner for the
     * legacy root, which has no user segment.
     */
    static Optional<DavLocation> resolve(String rawPath, String authenticatedUser) {
        if (rawPath.equals(LEGACY) || rawPath.startsWith(LEGACY + "/")) {
            return Optional.of(new DavLocation(LEGACY, authenticatedUser,
                    FilePath.of(decodeSegments(rawPath.substring(LEGACY.length())))));
        }
        if (rawPath.startsWith(DAV_FILES)) {
            List<String> segments = decodeSegments(rawPath.substring(DAV_FILES.length()));
            if (segments.isEmpty()) {
                return Optional.empty();
            }
            String owner = segments.get(0);
            return Optional.of(new DavLocation(DAV_FILES + owner, owner,
                    FilePath.of(segments.subList(1, segments.size()))));
        }
        return Optional.empty();
    }

    /** Resolves a Destination header: an absolute URL on this server, or an absolute path. */
    static DavLocation resolveDestination(String header, String host, String authenticatedUser) {
        if (header == null || header.isBlank()) {
            throw new StratusException(ErrorCode.BAD_REQUEST, "The Destination header is missing");
        }
        String rawPath;
        try {
            URI uri = new URI(header.trim());
            if (uri.getRawAuthority() != null && host != null && !uri.getRawAuthority().equalsIgnoreCase(host)) {
                throw new StratusException(ErrorCode.BAD_GATEWAY, "The destination is on another server");
            }
            rawPath = uri.getRawPath();
        } catch (URISyntaxException e) {
            throw new StratusException(ErrorCode.BAD_REQUEST, "The Destination header is not a valid URL");
        }
        if (rawPath == null || rawPath.isEmpty()) {
            throw new StratusException(ErrorCode.BAD_REQUEST, "The Destination header has no path");
        }
        return resolve(rawPath, authenticatedUser).orElseThrow(() -> new StratusException(ErrorCode.BAD_GATEWAY,
                "The destination is outside the WebDAV file tree"));
    }

    static List<String> decodeSegments(String raw) {
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/", -1)) {
            if (!segment.isEmpty()) {
                segments.add(decode(segment));
            }
        }
        return segments;
    }

    /** Strict percent-decoding of one path segment. */
    static String decode(String segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        int i = 0;
        while (i < segment.length()) {
            if (segment.charAt(i) == '%') {
                // Only ASCII hex digits: Character.digit would also take e.g. Arabic-Indic or fullwidth digits.
                if (i + 2 >= segment.length() || !HexFormat.isHexDigit(segment.charAt(i + 1))
                        || !HexFormat.isHexDigit(segment.charAt(i + 2))) {
                    throw invalidEscape();
                }
                bytes.write(HexFormat.fromHexDigits(segment, i + 1, i + 3));
                i += 3;
            } else {
                // A run of unescaped characters, encoded whole so that surrogate pairs stay one character.
                int end = segment.indexOf('%', i);
                end = end < 0 ? segment.length() : end;
                bytes.writeBytes(strictUtf8(segment.substring(i, end)));
                i = end;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw notUtf8();
        }
    }

    /** UTF-8 of text that a client sent unescaped; a lone surrogate is refused, not turned into '?'. */
    private static byte[] strictUtf8(String text) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw notUtf8();
        }
    }

    private static StratusException notUtf8() {
        return new StratusException(ErrorCode.INVALID_PATH, "The path is not valid UTF-8");
    }

    private static StratusException invalidEscape() {
        return new StratusException(ErrorCode.INVALID_PATH, "The path has an invalid percent escape");
    }

    /** Percent-encodes a slash-separated path, keeping only RFC 3986 unreserved characters and slashes. */
    static String encodePath(String path) {
        int i = 0;
        while (i < path.length() && isUnreserved(path.charAt(i))) {
            i++;
        }
        if (i == path.length()) {
            return path; // most paths need no escaping: no bytes, no copy (hrefs are built per listed entry)
        }
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isUnreserved((char) c)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** RFC 3986 unreserved characters and the path separator: written as they are. */
    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~' || c == '/';
    }
}
