package org.stratus.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.stratus.config.StratusProperties;
import org.stratus.files.MaintenanceJobs;
import org.stratus.jobs.JobLeases;

/** Metrics and request observation; names and labels in docs/observability/metrics.md. */
@Configuration(proxyBeanMethods = false)
class OpsConfiguration {

    @Bean
    FilterRegistrationBean<RequestObservationFilter> requestObservationFilter(MeterRegistry registry) {
        FilterRegistrationBean<RequestObservationFilter> registration =
                new FilterRegistrationBean<>(new RequestObservationFilter(registry));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1); // right after the request id
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<UserMdcFilter> userMdcFilter() {
        FilterRegistrationBean<UserMdcFilter> registration = new FilterRegistrationBean<>(new UserMdcFilter());
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1); // just inside authentication
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    ShutdownDrain shutdownDrain(ApplicationEventPublisher events, StratusProperties properties) {
        return new ShutdownDrain(events, properties.shutdownDrain());
    }

    @Bean
    TransferMetrics transferMetrics(MeterRegistry registry) {
        return new TransferMetrics(registry);
    }

    @Bean
    DatabaseMetrics databaseMetrics(MeterRegistry registry) {
        return new DatabaseMetrics(registry);
    }

    @Bean
    JobMetrics maintenanceJobMetrics(MeterRegistry registry) {
        return new JobMetrics(registry, "maintenance", Clock.systemUTC());
    }

    /** Installation-wide gauges read from PostgreSQL and the data volume, cached so a scrape stays cheap. */
    @Bean
    Object stratusGauges(MeterRegistry registry, JdbcClient jdbc, StratusProperties properties) throws IOException {
        CachedValue locks = new CachedValue(Duration.ofSeconds(15), () -> jdbc
                .sql("SELECT count(*) FROM dav_locks WHERE expires_at > now()").query(Long.class).single());
        Gauge.builder("stratus.dav.locks.active", locks::get)
                .description("Unexpired WebDAV locks").register(registry);
        CachedValue sessions = new CachedValue(Duration.ofSeconds(15), () -> jdbc
                .sql("SELECT count(*) FROM spring_session WHERE expiry_time > ?")
                .param(System.currentTimeMillis()).query(Long.class).single());
        Gauge.builder("stratus.sessions.active", sessions::get)
                .description("Unexpired browser sessions (all replicas)").register(registry);
        if (properties.blob().backend() == StratusProperties.Blob.Backend.FILESYSTEM) {
            // An S3 bucket has no capacity to report; the data folder then holds no file contents.
            FileStore store = Files.getFileStore(Files.createDirectories(properties.dataDir()));
            // Supplier gauges keep a strong reference: a state-object gauge would lose the FileStore to the GC.
            Gauge.builder("stratus.blobstore.free", () -> bytes(store, true)).baseUnit("bytes")
                    .tag("backend", "filesystem").description("Free space of the blob store volume")
                    .register(registry);
            Gauge.builder("stratus.blobstore.capacity", () -> bytes(store, false)).baseUnit("bytes")
                    .tag("backend", "filesystem").description("Size of the blob store volume").register(registry);
        }
        String implementation = OpsConfiguration.class.getPackage().getImplementationVersion();
        String version = implementation != null ? implementation : "dev";
        Gauge.builder("stratus.build.info", () -> 1).tag("version", version)
                .description("Always 1; the version label says what runs").register(registry);
        return List.of(locks, sessions);
    }

    /** 1 while this replica holds the maintenance job's lease: exactly one replica should show 1. */
    @Bean
    Object jobLeaseGauge(MeterRegistry registry, JobLeases leases) {
        CachedValue held = new CachedValue(Duration.ofSeconds(15), () ->
                leases.currentHolder(MaintenanceJobs.JOB).filter(leases.holder()::equals).isPresent() ? 1L : 0L);
        Gauge.builder("stratus.job.lease.held", held::get).tag("task", MaintenanceJobs.JOB)
                .description("1 while this replica holds the job's lease").register(registry);
        return held;
    }

    private static double bytes(FileStore store, boolean free) {
        try {
            return free ? store.getUsableSpace() : store.getTotalSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
