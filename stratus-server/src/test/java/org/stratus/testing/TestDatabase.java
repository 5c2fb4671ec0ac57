package org.stratus.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL (embedded binaries) per test JVM; every caller gets a fresh, empty database in it, so
 * tests never see each other's data.
 */
public final class TestDatabase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabase() {}

    private static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                Path dir = Files.createTempDirectory("stratus-test-pg");
                postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(dir.resolve("data"))
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setPGStartupWait(java.time.Duration.ofSeconds(120))
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off") // test data is thrown away; durability is proven elsewhere
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return postgres;
    }

    /** Creates an empty database and returns its JDBC URL (user postgres, no password). */
    public static String newDatabase() {
        EmbeddedPostgres pg = server();
        String name = "stratus_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection connection = pg.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + name;
    }

    public static String user() {
        return "postgres";
    }
}
