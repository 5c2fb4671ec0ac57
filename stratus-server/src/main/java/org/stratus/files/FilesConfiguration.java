package org.stratus.files;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import org.stratus.blob.BlobBackend;
import org.stratus.blob.BlobStore;
import org.stratus.db.DatabaseRetry;
import org.stratus.ops.DatabaseMetrics;
import org.stratus.ops.JobMetrics;
import org.stratus.ops.TransferMetrics;
import org.stratus.config.StratusProperties;
import org.stratus.identity.InstanceIdentity;
import org.stratus.jobs.JobLeases;
import org.stratus.jobs.ReplicaName;
import org.stratus.locks.LockService;
import org.stratus.users.UserRepository;
import org.stratus.users.UserService;

/** Wires the storage core: node repository, file, lock and user services (the blob store: BlobStoreConfiguration). */
@Configuration(proxyBeanMethods = false)
class FilesConfiguration {

    @Bean
    NodeRepository nodeRepository(JdbcClient jdbc) {
        return new NodeRepository(jdbc);
    }

    @Bean
    BlobReleaser blobReleaser(NodeRepository nodes, BlobStore blobs) {
        return BlobReleaser.inBackground(nodes, blobs);
    }

    @Bean
    DatabaseRetry databaseRetry(TransactionTemplate tx, StratusProperties properties, DatabaseMetrics metrics) {
        return new DatabaseRetry(tx, properties.db().retry(), metrics);
    }

    @Bean
    FileService fileService(NodeRepository nodes, BlobStore blobs, BlobReleaser releaser, DatabaseRetry retry,
            StratusProperties properties, TransferMetrics metrics) {
        return new FileService(nodes, blobs, releaser, retry, properties.limits().maxUploadBytes(),
                Clock.systemUTC(), metrics);
    }

    @Bean
    MaintenanceJobs maintenanceJobs(BlobStore blobs, BlobBackend temporaries, NodeRepository nodes,
            LockService locks, StratusProperties properties, JobMetrics maintenanceJobMetrics, JobLeases leases) {
        return new MaintenanceJobs(blobs, temporaries, nodes, locks, properties.blobSweep(), Clock.systemUTC(),
                maintenanceJobMetrics, leases);
    }

    @Bean
    JobLeases jobLeases(JdbcClient jdbc) {
        return new JobLeases(jdbc, ReplicaName.generate());
    }

    @Bean
    LockService lockService(JdbcClient jdbc) {
        return new LockService(jdbc);
    }

    @Bean
    UserService userService(JdbcClient jdbc, PasswordEncoder passwordEncoder, TransactionTemplate tx,
            BlobReleaser releaser) {
        return new UserService(new UserRepository(jdbc), passwordEncoder, tx, releaser);
    }

    /** Boot orders JdbcClient after the Flyway migration, so the settings table exists here. */
    @Bean
    InstanceIdentity instanceIdentity(JdbcClient jdbc) {
        return InstanceIdentity.load(jdbc);
    }
}
