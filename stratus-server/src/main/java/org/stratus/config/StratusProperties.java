package org.stratus.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every Stratus setting, bound from {@code stratus.*} (environment: {@code STRATUS_*}). The config reference in
 * {@code docs/configuration.md} documents each key; keep the two in step.
 *
 * @param dataDir folder for file contents (and, with the embedded database, the database files)
 * @param adminPassword password for the {@code admin} user created on first start; ignored once it exists
 * @param db database connection; a blank URL selects the embedded PostgreSQL under {@code dataDir/db}
 * @param limits request size limits
 * @param defaultQuotaBytes quota given to new users; negative means unlimited
 * @param blobSweep how often unreferenced blobs and stale temporary files are removed, and their minimum age
 * @param shutdownDrain on SIGTERM, how long readiness is down while requests are still served, before the web
 *     server stops accepting connections
 * @param blob where file contents are stored, and how storage failures are retried
 */
@Validated
@ConfigurationProperties("stratus")
public record StratusProperties(
        @NotNull @DefaultValue("./data") Path dataDir,
        String adminPassword,
        @Valid @NotNull @DefaultValue Db db,
        @Valid @NotNull @DefaultValue Limits limits,
        @DefaultValue("-1") long defaultQuotaBytes,
        @Valid @NotNull @DefaultValue BlobSweep blobSweep,
        @NotNull @DefaultValue("10s") Duration shutdownDrain,
        @Valid @NotNull @DefaultValue Blob blob) {

    /**
     * @param url JDBC URL of an external PostgreSQL; blank for the embedded one
     * @param user database user
     * @param password database password (never logged)
     * @param embeddedPort port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free one
     * @param retry how long and how often a unit of work is retried while the database fails over
     */
    public record Db(String url, String user, String password, @DefaultValue("0") @Min(0) int embeddedPort,
            @Valid @NotNull @DefaultValue DatabaseRetry retry) {
        public boolean embedded() {
            return url == null || url.isBlank();
        }

        @Override
        public String toString() {
            return "Db[url=" + url + ", user=" + user + ", password=***]";
        }
    }

    /**
     * @param window total time a unit of work is retried before the client gets 503; a few seconds longer than a
     *     tuned Patroni failover (about 10 s)
     * @param initialBackoff first pause between attempts, doubled each time
     * @param maxBackoff longest pause between attempts
     */
    public record DatabaseRetry(
            @DefaultValue("15s") Duration window,
            @DefaultValue("100ms") Duration initialBackoff,
            @DefaultValue("2s") Duration maxBackoff) {}

    /**
     * @param maxUploadBytes largest accepted file body (PUT); larger bodies get 413
     * @param maxXmlBodyBytes largest accepted XML request body (PROPFIND, PROPPATCH, LOCK); larger get 413
     */
    public record Limits(
            @DefaultValue("17179869184") @Min(1) long maxUploadBytes,
            @DefaultValue("1048576") @Min(1024) int maxXmlBodyBytes) {}

    /**
     * @param interval time between sweeps
     * @param minAge blobs younger than this are never swept: an upload may be about to commit them
     */
    public record BlobSweep(
            @DefaultValue("1h") Duration interval, @DefaultValue("6h") Duration minAge) {}

    /**
     * @param backend {@code filesystem} (under {@code dataDir}) or {@code s3}
     * @param s3 the S3 backend's settings, used when {@code backend} is {@code s3}
     * @param retry how transient storage failures are retried
     * @param releaseGrace how long a filesystem blob stays after its last reference went: a download sent with
     *     sendfile opens its blob only after the request's handler returned, possibly after a write on any
     *     replica released it
     */
    public record Blob(
            @NotNull @DefaultValue("filesystem") Backend backend,
            @Valid @NotNull @DefaultValue S3 s3,
            @Valid @NotNull @DefaultValue Retry retry,
            @NotNull @DefaultValue("10s") Duration releaseGrace) {

        public enum Backend {
            FILESYSTEM, S3;

            /** The name in settings, logs and metric labels. */
            public String id() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

    /**
     * @param endpoint URL of an S3-compatible service; empty for AWS itself (then {@code region} picks the endpoint)
     * @param region signing region; S3-compatible services usually accept any
     * @param bucket bucket that holds the blobs; it must exist, and should hold nothing else
     * @param accessKey access key id; empty to use the AWS default credential chain (environment, profile, instance
     *     or container role)
     * @param secretKey secret access key (never logged)
     * @param pathStyle address the bucket as {@code endpoint/bucket} instead of {@code bucket.endpoint} (MinIO,
     *     Ceph and most self-hosted services need this)
     * @param multipartThreshold uploads up to this size are sent in one request, larger ones as a multipart upload
     * @param partSize size of each part of a multipart upload (at least 5MB); an upload holds one part in memory
     * @param keyPrefix prepended to every object key, e.g. {@code stratus/}
     * @param maxConnections HTTP connections to the service; an open download holds one
     * @param connectTimeout time to open a connection
     * @param socketTimeout longest wait for data on an open connection
     */
    public record S3(
            URI endpoint,
            @DefaultValue("us-east-1") String region,
            String bucket,
            String accessKey,
            String secretKey,
            @DefaultValue("false") boolean pathStyle,
            @NotNull @DefaultValue("16MB") DataSize multipartThreshold,
            @NotNull @DefaultValue("16MB") DataSize partSize,
            @NotNull @DefaultValue("") String keyPrefix,
            @DefaultValue("200") @Min(1) int maxConnections,
            @NotNull @DefaultValue("5s") Duration connectTimeout,
            @NotNull @DefaultValue("60s") Duration socketTimeout) {

        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", accessKey=" + accessKey
                    + ", secretKey=***, pathStyle=" + pathStyle + ", keyPrefix=" + keyPrefix + "]";
        }
    }

    /**
     * @param maxAttempts attempts of one call in all, the first included; 1 disables retries
     * @param initialBackoff wait before the first retry; doubled for each further one
     * @param maxBackoff longest wait between two attempts
     */
    public record Retry(
            @DefaultValue("3") @Min(1) int maxAttempts,
            @NotNull @DefaultValue("100ms") Duration initialBackoff,
            @NotNull @DefaultValue("2s") Duration maxBackoff) {}
}
