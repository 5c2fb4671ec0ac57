package org.stratus.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;

final class ExpectedChecksumTest {

    /** The hashes of "abc". */
    private static final StoredContent ABC = new StoredContent("blob-key", 3,
            "a9993e364706816aba3e25717850c26c9cd0d89d", "900150983cd24fb0d6963f7d28e17f72", "024d0127");

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void absentHeaderMeansNoCheck(String header) {
        assertEquals(Optional.empty(), ExpectedChecksum.parse(header));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "SHA1:a9993e364706816aba3e25717850c26c9cd0d89d, SHA1, a9993e364706816aba3e25717850c26c9cd0d89d",
        "sha1:A9993E364706816ABA3E25717850C26C9CD0D89D, SHA1, a9993e364706816aba3e25717850c26c9cd0d89d",
        "MD5:900150983cd24fb0d6963f7d28e17f72, MD5, 900150983cd24fb0d6963f7d28e17f72",
        "Adler32:024d0127, ADLER32, 024d0127",
        "'  SHA1:ab  ', SHA1, ab",
        // Clients may list several; the first is the one checked.
        "SHA1:ab MD5:cd ADLER32:ef, SHA1, ab"})
    void knownTypesAreParsedCaseInsensitively(String header, String type, String hex) {
        assertEquals(Optional.of(new ExpectedChecksum(type, hex)), ExpectedChecksum.parse(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA256:abcd", "SHA3-256:abcd", "CRC32:abcd"})
    void unknownTypesAreNotVerified(String header) {
        assertEquals(Optional.empty(), ExpectedChecksum.parse(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA1", "SHA1:", ":abcd", ":", "SHA1:xyz", "SHA1:ab-cd", "SHA1:0x12"})
    void malformedHeadersAreRefusedWith400(String header) {
        StratusException refusal = assertThrows(StratusException.class, () -> ExpectedChecksum.parse(header));

        assertEquals(ErrorCode.INVALID_HEADER, refusal.code());
        assertEquals(400, refusal.code().status());
    }

    @Test
    void valuesLongerThanAnyDigestAreRefused() {
        assertEquals(ErrorCode.INVALID_HEADER, assertThrows(StratusException.class,
                () -> ExpectedChecksum.parse("SHA1:" + "a".repeat(129))).code());
    }

    @Test
    void matchingChecksumsOfEveryTypeVerify() {
        for (String header : new String[] {"SHA1:" + ABC.sha1(), "MD5:" + ABC.md5(), "ADLER32:" + ABC.adler32()}) {
            ExpectedChecksum.parse(header).orElseThrow().verify(ABC);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA1:a9993e364706816aba3e25717850c26c9cd0d89e", "MD5:900150983cd24fb0d6963f7d28e17f73",
        "ADLER32:024d0128", "SHA1:a9993e"})
    void mismatchingChecksumsAreRefusedWithChecksumMismatch(String header) {
        ExpectedChecksum expected = ExpectedChecksum.parse(header).orElseThrow();

        StratusException refusal = assertThrows(StratusException.class, () -> expected.verify(ABC));

        assertEquals(ErrorCode.CHECKSUM_MISMATCH, refusal.code());
        assertEquals(400, refusal.code().status());
        assertTrue(refusal.getMessage().contains("nothing was changed"), refusal.getMessage());
    }
}
