package org.stratus.dav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class LivePropertiesTest {

    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 59, 86_399, 86_400, 951_782_400, 1_700_000_000, 1_709_164_799, 253_402_300_799L})
    void httpDateIsWhatTheRfc1123FormatterWrites(long epochSeconds) {
        assertEquals(RFC_1123.format(Instant.ofEpochSecond(epochSeconds)), LiveProperties.httpDate(epochSeconds));
    }

    @Test
    void httpDateMatchesTheFormatterAcrossFourDigitYears() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            long epochSeconds = random.nextLong(0, 253_402_300_800L);
            assertEquals(RFC_1123.format(Instant.ofEpochSecond(epochSeconds)), LiveProperties.httpDate(epochSeconds));
        }
    }

    @Test
    void httpDateBeforeTheEpochStillFormats() {
        assertEquals(RFC_1123.format(Instant.ofEpochSecond(-1)), LiveProperties.httpDate(-1));
    }

    @Test
    void propertyNamesAreEqualByNamespaceAndLocalName() {
        assertEquals(new PropertyName(DavXml.DAV, "getetag"), PropertyName.dav("getetag"));
        assertEquals(new PropertyName(DavXml.DAV, "getetag").hashCode(), PropertyName.dav("getetag").hashCode());
        assertNotEquals(new PropertyName("", "getetag"), PropertyName.dav("getetag"));
    }
}
