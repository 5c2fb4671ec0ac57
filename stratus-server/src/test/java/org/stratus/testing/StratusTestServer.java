package org.stratus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.stratus.StratusApplication;

/**
 * A real Stratus server on 127.0.0.1 and a free port, on a fresh database of {@link TestDatabase} and a fresh data
 * folder, with user {@code admin} / {@link #ADMIN_PASSWORD}. Several may run in one JVM (multi-replica tests share
 * a database URL and data folder through {@link #builder()}).
 */
public final class StratusTestServer implements AutoCloseable {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-secret-1";

    private final ConfigurableApplicationContext context;
    private final Path dataDir;
    private final String dbUrl;

    private StratusTestServer(ConfigurableApplicationContext context, Path dataDir, String dbUrl) {
        this.context = context;
        this.dataDir = dataDir;
        this.dbUrl = dbUrl;
    }

    public static StratusTestServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String dbUrl;
        private String dbUser;
        private String dbPassword;
        private Path dataDir;
        private final List<String> properties = new ArrayList<>();

        public Builder database(String url) {
            this.dbUrl = url;
            return this;
        }

        /** The database user and password for {@link #database(String)}; default: {@link TestDatabase#user()}. */
        public Builder credentials(String user, String password) {
            this.dbUser = user;
            this.dbPassword = password;
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Any Spring property, e.g. {@code stratus.limits.max-upload-bytes=1000}. */
        public Builder property(String keyValue) {
            properties.add(keyValue);
            return this;
        }

        public StratusTestServer start() {
            try {
                String url = dbUrl != null ? dbUrl : TestDatabase.newDatabase();
                Path dir = dataDir != null ? dataDir : Files.createTempDirectory("stratus-test-data");
                List<String> args = new ArrayList<>(List.of(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--stratus.data-dir=" + dir,
                        "--stratus.db.url=" + url,
                        "--stratus.db.user=" + (dbUser != null ? dbUser : TestDatabase.user()),
                        "--stratus.admin-password=" + ADMIN_PASSWORD,
                        "--spring.datasource.hikari.maximum-pool-size=10",
                        "--stratus.shutdown-drain=0s"));
                if (dbPassword != null) {
                    args.add("--stratus.db.password=" + dbPassword);
                }
                if (properties.stream().noneMatch(p -> p.startsWith("stratus.blob.release-grace="))) {
                    // Tests look for released blobs right after the response; the grace has its own tests.
                    args.add("--stratus.blob.release-grace=0s");
                }
                properties.forEach(p -> args.add("--" + p));
                ConfigurableApplicationContext context = new SpringApplicationBuilder(StratusApplication.class)
                        .run(args.toArray(String[]::new));
                return new StratusTestServer(context, dir, url);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** e.g. {@code http://127.0.0.1:PORT} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The WebDAV root of a user, ending with a slash. */
    public URI davRoot(String user) {
        return URI.create(baseUrl() + "/remote.php/dav/files/" + user + "/");
    }

    public Path dataDir() {
        return dataDir;
    }

    public String dbUrl() {
        return dbUrl;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
