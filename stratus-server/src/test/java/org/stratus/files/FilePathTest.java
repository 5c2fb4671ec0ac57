package org.stratus.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.testing.TestDatabase;

final class FilePathTest {

    private static ErrorCode refusal(String name) {
        return assertThrows(StratusException.class, () -> FilePath.checkName(name)).code();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a\\b", "\\", "a\u0000b", "tab\there", "new\nline", "del\u007f",
        "\u001f", "lone\uD800surrogate", "lone\uDC00low", "swapped\uDC00\uD800"})
    void namesThatCouldEscapeOrCorruptTheTreeAreInvalidPaths(String name) {
        assertEquals(ErrorCode.INVALID_PATH, refusal(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {".htaccess", ".HTACCESS", ".htAccess", "upload.part", "UPLOAD.PART", "x.filepart",
        ".part"})
    void namesNextcloudReservesAreForbiddenNames(String name) {
        assertEquals(ErrorCode.FORBIDDEN_NAME, refusal(name));
    }

    @Test
    void nameLimitIsCountedInUtf8BytesNotCharacters() {
        FilePath.checkName("a".repeat(FilePath.MAX_NAME_BYTES));
        assertEquals(ErrorCode.FORBIDDEN_NAME, refusal("a".repeat(FilePath.MAX_NAME_BYTES + 1)));
        // 'é' is two bytes in UTF-8: 128 of them are 256 bytes although only 128 characters.
        FilePath.checkName("é".repeat(127));
        assertEquals(ErrorCode.FORBIDDEN_NAME, refusal("é".repeat(128)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..b", "...", "..a", "a..", ".hidden", "part", "x.part.txt", "htaccess", "100% sure",
        "a;b", "a#b?c", "é😀", "name with  spaces", " leading", "trailing "})
    void unusualButHarmlessNamesAreValid(String name) {
        FilePath.checkName(name);
        assertEquals(name, FilePath.ROOT.child(name).value());
    }

    @Test
    void pathLengthIsLimited() {
        List<String> segments = Collections.nCopies(FilePath.MAX_PATH_CHARS / 10 + 1, "123456789");
        assertEquals(ErrorCode.INVALID_PATH,
                assertThrows(StratusException.class, () -> FilePath.of(segments)).code());
    }

    @Test
    void parseIgnoresEmptySegmentsAndValidatesTheRest() {
        assertEquals("a/b/c", FilePath.parse("/a//b/c/").value());
        assertSame(FilePath.ROOT, FilePath.parse("/"));
        assertSame(FilePath.ROOT, FilePath.parse(""));
        assertEquals(ErrorCode.INVALID_PATH, assertThrows(StratusException.class,
                () -> FilePath.parse("a/../b")).code());
        assertEquals(ErrorCode.INVALID_PATH, assertThrows(StratusException.class,
                () -> FilePath.of(List.of("a", "b/c"))).code());
    }

    @Test
    void parentChildAndName() {
        FilePath path = FilePath.parse("a/b/c.txt");
        assertEquals("c.txt", path.name());
        assertEquals(FilePath.parse("a/b"), path.parent());
        assertEquals(FilePath.ROOT, FilePath.parse("a").parent());
        assertEquals(path, FilePath.parse("a/b").child("c.txt"));
        assertEquals("/a/b/c.txt", path.toString());
        assertThrows(IllegalStateException.class, FilePath.ROOT::parent);
        assertThrows(StratusException.class, () -> path.child(".."));
    }

    @Test
    void selfAndAncestorsListsTheRootFirstAndThePathLast() {
        assertEquals(List.of(""), FilePath.ROOT.selfAndAncestors());
        assertEquals(List.of("", "a"), FilePath.parse("a").selfAndAncestors());
        assertEquals(List.of("", "a", "a/b", "a/b/c.txt"), FilePath.parse("a/b/c.txt").selfAndAncestors());
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "'', '', true", "'', a, true", "'', a/b, true",
        "a, a, true", "a, a/b, true", "a, a/b/c, true",
        "a, ab, false", "a, '', false", "a/b, a, false", "a/b, a/bc, false", "a/b, b, false"})
    void containsMeansSelfOrBelowOnSegmentBoundaries(String outer, String inner, boolean expected) {
        assertEquals(expected, FilePath.parse(outer).contains(FilePath.parse(inner)));
    }

    @ParameterizedTest(name = "{0} from {1} to {2} is {3}")
    @CsvSource({
        "a/b/c, a, x, x/b/c",
        "a/b/c, a/b, x/y, x/y/c",
        "a/b, a/b, x, x",
        "a/b, a, '', b",
        "a, a, '', ''",
        "a/b, '', x, x/a/b",
        "a/b, '', '', a/b",
        "'', '', x, x"})
    void rebaseKeepsTheRelativePosition(String path, String from, String to, String expected) {
        assertEquals(FilePath.parse(expected), FilePath.parse(path).rebase(FilePath.parse(from), FilePath.parse(to)));
    }

    @Test
    void rebaseRefusesAPathOutsideTheSource() {
        assertThrows(IllegalArgumentException.class,
                () -> FilePath.parse("ab/c").rebase(FilePath.parse("a"), FilePath.parse("x")));
    }

    @Test
    void descendantsPatternEscapesLikeWildcards() {
        assertEquals("%", FilePath.ROOT.descendantsPattern());
        assertEquals("a/b/%", FilePath.parse("a/b").descendantsPattern());
        assertEquals("100\\% \\_x\\_/%", FilePath.parse("100% _x_").descendantsPattern());
    }

    @Test
    void descendantsPatternMatchesExactlyTheDescendantsInPostgresql() throws SQLException {
        // The pattern is only as good as PostgreSQL's reading of it: check there, with the collation nodes use.
        FilePath folder = FilePath.parse("a_b%c");
        try (Connection connection = DriverManager.getConnection(TestDatabase.newDatabase(), TestDatabase.user(), "");
                PreparedStatement like = connection.prepareStatement("SELECT ? COLLATE \"C\" LIKE ?")) {
            for (String below : List.of("a_b%c/x", "a_b%c/x/y", "a_b%c/%", "a_b%c/_")) {
                assertTrue(matches(like, below, folder), below);
            }
            for (String outside : List.of("a_b%c", "axb%c/x", "a_bzc/x", "a_b%cd/x", "a_b%", "b/a_b%c/x")) {
                assertFalse(matches(like, outside, folder), outside);
            }
        }
    }

    private static boolean matches(PreparedStatement like, String value, FilePath folder) throws SQLException {
        like.setString(1, value);
        like.setString(2, folder.descendantsPattern());
        try (ResultSet result = like.executeQuery()) {
            result.next();
            return result.getBoolean(1);
        }
    }
}
