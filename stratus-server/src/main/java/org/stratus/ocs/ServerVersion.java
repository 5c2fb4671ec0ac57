package org.stratus.ocs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Nextcloud version Stratus reports. Clients gate features on it; 28 is what the implemented protocol subset
 * corresponds to.
 */
final class ServerVersion {

    static final int MAJOR = 28;
    static final String STRING = "28.0.0";
    static final String FULL = "28.0.0.0";

    private ServerVersion() {}

    static Map<String, Object> asMap() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("major", MAJOR);
        version.put("minor", 0);
        version.put("micro", 0);
        version.put("string", STRING);
        version.put("edition", "");
        version.put("extendedSupport", false);
        return version;
    }
}
