package org.stratus.identity;

import java.security.SecureRandom;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The instance id (suffix of every {@code oc:id}) and the data fingerprint, created once in PostgreSQL by whichever
 * replica starts first ({@code ON CONFLICT DO NOTHING}) and read back by all: identical on every replica.
 */
public final class InstanceIdentity {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final String instanceId;
    private final String dataFingerprint;

    private InstanceIdentity(String instanceId, String dataFingerprint) {
        this.instanceId = instanceId;
        this.dataFingerprint = dataFingerprint;
    }

    public static InstanceIdentity load(JdbcClient jdbc) {
        return new InstanceIdentity(getOrCreate(jdbc, "instanceid", "oc" + random(10)),
                getOrCreate(jdbc, "data_fingerprint", ""));
    }

    private static String getOrCreate(JdbcClient jdbc, String name, String candidate) {
        jdbc.sql("INSERT INTO instance_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
                .params(name, candidate)
                .update();
        return jdbc.sql("SELECT value FROM instance_settings WHERE name = ?").param(name).query(String.class)
                .single();
    }

    private static String random(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    public String instanceId() {
        return instanceId;
    }

    /** Empty until a backup restore changes it; clients then re-check every file (as in Nextcloud). */
    public String dataFingerprint() {
        return dataFingerprint;
    }

    /** Nextcloud's {@code oc:id}: the file id zero-padded to 8 digits, then the instance id. */
    public String ocId(long fileId) {
        return String.format("%08d", fileId) + instanceId;
    }
}
