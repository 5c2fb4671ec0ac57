package org.stratus.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
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
        @NotNull @DefaultValue("10s") Duration shutdownDrain) {

    /**
     * @param url JDBC URL of an external PostgreSQL; blank for the embedded one
     * @param user database user
     * @param password database password (never logged)
     * @param embeddedPort port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free one
     * @param retry how long and how often a unit of work is retried while the database fails over
     */
    public record Db(String url, String user, String password, @DefaultValue("0") @Min(0) int embeddedPort,
            @Valid @NotNull @DefaultValue Retry retry) {
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
    public record Retry(
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
}
