package org.stratus.dav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.files.FilePath;

final class DavPathsTest {

    private static ErrorCode decodeRefusal(String segment) {
        return assertThrows(StratusException.class, () -> DavPaths.decode(segment)).code();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain.txt", "with space", "100% sure", "a;b=c", "q?x#y", "a+b&c", "émoji 😀 ok",
        "日本語", "tab\tin name", "slash/inside", "back\\slash", "%41", "~user", "a-b_c.d"})
    void encodeThenDecodeGivesTheOriginalBack(String name) {
        String encoded = DavPaths.encodePath(name);
        assertTrue(encoded.matches("[A-Za-z0-9._~/%-]*"), encoded);
        assertEquals(name, String.join("/", DavPaths.decodeSegments(encoded)));
    }

    @ParameterizedTest
    @CsvSource({"a%20b, a b", "%C3%A9, é", "%c3%a9, é", "%F0%9F%98%80, 😀", "%25, %", "%2e%2e, ..", "%2F, /"})
    void decodeReadsEscapesOfEitherCase(String raw, String decoded) {
        // Decoding alone does not judge names: '..' and '/' are refused by FilePath (tested in resolve below).
        assertEquals(decoded, DavPaths.decode(raw));
    }

    @Test
    void decodeKeepsUnescapedNonAsciiCharacters() {
        // A Destination header may carry raw UTF-8 characters; they are kept, surrogate pairs included.
        assertEquals("é😀日", DavPaths.decode("é😀日"));
        assertEquals("a é😀 b", DavPaths.decode("a%20é😀%20b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "a%", "%4", "a%4", "%zz", "%g0", "%0g", "% 1", "%-1", "%+1",
        // non-ASCII digits that Character.digit would accept: Arabic-Indic and fullwidth
        "%\u0664\u0661", "%\uFF14\uFF11"})
    void invalidPercentEscapesAreRefused(String segment) {
        assertEquals(ErrorCode.INVALID_PATH, decodeRefusal(segment));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "%c0%ae", "%c0%af", "%c1%9c", "%e0%80%ae", "%f0%80%80%ae", // overlong '.', '/', '\'
        "%ff", "%fe", "%80", "%bf", "%c3", "%e2%82", // invalid bytes and truncated sequences
        "%ed%a0%80", "%ed%bf%bf", // UTF-16 surrogates encoded as UTF-8 (CESU-8)
        "%f4%90%80%80"}) // beyond U+10FFFF
    void malformedUtf8IsRefused(String segment) {
        assertEquals(ErrorCode.INVALID_PATH, decodeRefusal(segment));
    }

    @Test
    void loneSurrogatesAreRefused() {
        assertEquals(ErrorCode.INVALID_PATH, decodeRefusal("a\uD800b"));
        assertEquals(ErrorCode.INVALID_PATH, decodeRefusal("%41\uDC00"));
    }

    @Test
    void resolveMapsBothDavRootsToTheUsersTree() {
        DavLocation files = DavPaths.resolve("/remote.php/dav/files/alice/a%20b/c.txt", "bob").orElseThrow();
        assertEquals("alice", files.owner());
        assertEquals("/remote.php/dav/files/alice", files.root());
        assertEquals(FilePath.parse("a b/c.txt"), files.path());

        DavLocation legacy = DavPaths.resolve("/remote.php/webdav/a%20b/", "bob").orElseThrow();
        assertEquals("bob", legacy.owner());
        assertEquals(FilePath.parse("a b"), legacy.path());

        assertEquals(FilePath.ROOT, DavPaths.resolve("/remote.php/webdav", "bob").orElseThrow().path());
        assertEquals(FilePath.ROOT, DavPaths.resolve("/remote.php/dav/files/alice/", "bob").orElseThrow().path());
        assertTrue(DavPaths.resolve("/remote.php/dav/files/", "bob").isEmpty());
        assertTrue(DavPaths.resolve("/remote.php/webdavx/a", "bob").isEmpty());
        assertTrue(DavPaths.resolve("/other/a", "bob").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"%2e%2e", "..", ".", "a%2fb", "a%5cb", "a%00b", "%c0%ae%c0%ae", "a%zz"})
    void resolveRefusesTraversalInAnySegment(String segment) {
        for (String raw : List.of("/remote.php/dav/files/alice/" + segment + "/x", "/remote.php/webdav/" + segment)) {
            assertEquals(ErrorCode.INVALID_PATH,
                    assertThrows(StratusException.class, () -> DavPaths.resolve(raw, "alice")).code(), raw);
        }
    }

    @Test
    void hrefsAreEncodedAndFoldersEndWithASlash() {
        DavLocation location = DavPaths.resolve("/remote.php/dav/files/alice/", "alice").orElseThrow();
        assertEquals("/remote.php/dav/files/alice/a%20b/c%23.txt",
                location.href(FilePath.parse("a b/c#.txt"), false));
        assertEquals("/remote.php/dav/files/alice/a%20b/", location.href(FilePath.parse("a b"), true));
        assertEquals("/remote.php/dav/files/alice/", location.href(FilePath.ROOT, true));
    }

    @Test
    void destinationMayBeAnAbsoluteUrlOnThisHostOrAPath() {
        assertEquals(FilePath.parse("x y"), DavPaths.resolveDestination(
                "http://host:8080/remote.php/dav/files/alice/x%20y", "host:8080", "alice").path());
        assertEquals(FilePath.parse("x"),
                DavPaths.resolveDestination("/remote.php/webdav/x", "host", "alice").path());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "'', BAD_REQUEST",
        "'   ', BAD_REQUEST",
        "http://other:8080/remote.php/dav/files/alice/x, BAD_GATEWAY",
        "/elsewhere/x, BAD_GATEWAY",
        "http://host:8080/remote.php/dav/files/alice/%zz, BAD_REQUEST",
        "http://host:8080/remote.php/dav/files/alice/%2e%2e/bob/x, INVALID_PATH",
        "http://host:8080, BAD_REQUEST"})
    void badDestinationsAreRefused(String header, ErrorCode expected) {
        assertEquals(expected, assertThrows(StratusException.class,
                () -> DavPaths.resolveDestination(header, "host:8080", "alice")).code());
    }
}
