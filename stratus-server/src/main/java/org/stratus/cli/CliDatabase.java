package org.stratus.cli;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.stratus.auth.Passwords;
import org.stratus.blob.FileSystemBlobStore;
import org.stratus.db.EmbeddedDatabase;
import org.stratus.files.BlobReleaser;
import org.stratus.files.NodeRepository;
import org.stratus.users.UserRepository;
import org.stratus.users.UserService;

/**
 * The database for one CLI command, without starting the web server: the external PostgreSQL when configured;
 * else the embedded one a running server already has open (its port is in {@code postmaster.pid}); else the
 * embedded one started just for this command.
 */
final class CliDatabase implements AutoCloseable {

    private final EmbeddedDatabase embedded;
    private final HikariDataSource dataSource;
    private final UserService users;

    CliDatabase(DatabaseOptions options) throws IOException {
        String url = options.url();
        dataSource = new HikariDataSource();
        dataSource.setMaximumPoolSize(2);
        dataSource.setPoolName("stratus-cli");
        if (url != null && !url.isBlank()) {
            embedded = null;
            dataSource.setJdbcUrl(url);
            dataSource.setUsername(options.user());
            dataSource.setPassword(options.password());
        } else {
            var running = EmbeddedDatabase.runningPort(options.dataDir());
            embedded = running.isPresent() ? null : EmbeddedDatabase.start(options.dataDir(), 0, true);
            dataSource.setJdbcUrl(EmbeddedDatabase.jdbcUrl(running.orElseGet(() -> embedded.port())));
            dataSource.setUsername(EmbeddedDatabase.USER);
        }
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        BlobReleaser releaser = new BlobReleaser(new NodeRepository(jdbc),
                new FileSystemBlobStore(options.dataDir()));
        users = new UserService(new UserRepository(jdbc), Passwords.encoder(), tx, releaser);
    }

    UserService users() {
        return users;
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
