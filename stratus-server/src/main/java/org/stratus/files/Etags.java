package org.stratus.files;

import java.security.SecureRandom;
import java.util.HexFormat;

/** New entity tags: random, so that every replica can mint them without coordination. */
public final class Etags {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Etags() {}

    public static String next() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** SQL expression for a fresh entity tag per updated row. */
    static final String SQL_NEXT = "substr(md5(random()::text || clock_timestamp()::text || id::text), 1, 16)";
}
