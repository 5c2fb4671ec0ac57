package org.stratus.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the user commands find the database: the same settings as the server's. */
final class DatabaseOptions {

    @Option(names = "--data", description = "Folder for file contents and the embedded database (default ./data).")
    Path data;

    @Option(names = "--db-url", description = "JDBC URL of an external PostgreSQL (or STRATUS_DB_URL).")
    String dbUrl;

    @Option(names = "--db-user", description = "Database user (or STRATUS_DB_USER).")
    String dbUser;

    @Option(names = "--db-password", description = "Database password (prefer STRATUS_DB_PASSWORD).")
    String dbPassword;

    Path dataDir() {
        if (data != null) {
            return data;
        }
        String env = System.getenv("STRATUS_DATA_DIR");
        return Path.of(env != null && !env.isBlank() ? env : "./data");
    }

    String url() {
        return dbUrl != null ? dbUrl : System.getenv("STRATUS_DB_URL");
    }

    String user() {
        return dbUser != null ? dbUser : System.getenv("STRATUS_DB_USER");
    }

    String password() {
        return dbPassword != null ? dbPassword : System.getenv("STRATUS_DB_PASSWORD");
    }
}
