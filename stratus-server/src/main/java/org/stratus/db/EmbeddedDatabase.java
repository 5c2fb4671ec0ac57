package org.stratus.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node default database: a real PostgreSQL started from the binaries that ship on Maven Central, its
 * files kept under {@code dataDir/db} so that they survive restarts. Listens on 127.0.0.1 only.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start(Path dataDir, int port) {
        return start(dataDir, port, false);
    }

    /**
     * @param stopOnJvmExit true for short-lived callers (the CLI) that have no container to stop the database; the
     *     server stops it from its Spring context after the web server has drained instead
     */
    public static EmbeddedDatabase start(Path dataDir, int port, boolean stopOnJvmExit) {
        Path dbDir = dataDir.resolve("db");
        try {
            Files.createDirectories(dbDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dbDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(stopOnJvmExit)
                    // initdb and the first start can take long on a loaded machine; the default wait is 10 s.
                    .setPGStartupWait(java.time.Duration.ofSeconds(120))
                    .setOverrideWorkingDirectory(dataDir.resolve("pg-binaries").toFile())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            log.info("Embedded PostgreSQL started on 127.0.0.1:{} with data in {}", pg.getPort(), dbDir);
            return new EmbeddedDatabase(pg);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + dbDir
                    + ": check that the folder is writable and not used by another Stratus process", e);
        }
    }

    /**
     * Port of an embedded PostgreSQL that another process (a running server) already has open on this data folder,
     * read from {@code postmaster.pid}; empty when none answers.
     */
    public static Optional<Integer> runningPort(Path dataDir) {
        Path pidFile = dataDir.resolve("db").resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            int port = Integer.parseInt(lines.get(3).trim());
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return Optional.of(port);
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return jdbcUrl(port());
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
