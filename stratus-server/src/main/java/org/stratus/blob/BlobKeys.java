package org.stratus.blob;

import java.util.regex.Pattern;

/**
 * What a blob key looks like (a UUID string in practice). Checked by every backend, so that a key can never name
 * a path outside the store or an object outside the store's prefix, and so that listing skips foreign objects.
 */
public final class BlobKeys {

    private static final Pattern KEY = Pattern.compile("[a-z0-9-]{8,64}");

    private BlobKeys() {}

    public static boolean isValid(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /** Returns the key, or throws when it is not one. */
    public static String requireValid(String key) {
        if (!isValid(key)) {
            throw new IllegalArgumentException("Invalid blob key");
        }
        return key;
    }
}
