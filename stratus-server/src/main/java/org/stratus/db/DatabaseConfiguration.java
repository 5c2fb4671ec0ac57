package org.stratus.db;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.stratus.config.StratusProperties;

/**
 * Chooses the database: the external PostgreSQL named by {@code stratus.db.url} (every HA deployment) or the
 * embedded one under the data folder (the single-node default). Pool tuning binds from
 * {@code spring.datasource.hikari.*} as usual.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedDatabaseHolder embeddedDatabase(StratusProperties properties) {
        StratusProperties.Db db = properties.db();
        return new EmbeddedDatabaseHolder(
                db.embedded() ? EmbeddedDatabase.start(properties.dataDir(), db.embeddedPort()) : null);
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(StratusProperties properties, EmbeddedDatabaseHolder embedded) {
        HikariDataSource dataSource = new HikariDataSource();
        if (embedded.database() != null) {
            dataSource.setJdbcUrl(embedded.database().jdbcUrl());
            dataSource.setUsername(EmbeddedDatabase.USER);
        } else {
            StratusProperties.Db db = properties.db();
            dataSource.setJdbcUrl(db.url());
            dataSource.setUsername(db.user());
            dataSource.setPassword(db.password());
        }
        dataSource.setDriverClassName("org.postgresql.Driver");
        dataSource.setPoolName("stratus-db");
        return dataSource;
    }

    /** Wraps the optional embedded server so that it stops after the pool has closed. */
    record EmbeddedDatabaseHolder(EmbeddedDatabase database) implements AutoCloseable {
        @Override
        public void close() {
            if (database != null) {
                database.close();
            }
        }
    }
}
