package org.stratus.jobs;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Leases for periodic jobs in PostgreSQL, so that a job runs once per period across all replicas rather than once
 * per replica. Taking a lease is one atomic upsert: it succeeds when the lease is free, expired, or already held
 * by the caller.
 */
public final class JobLeases {

    private final JdbcClient jdbc;
    private final String holder;

    public JobLeases(JdbcClient jdbc, String holder) {
        this.jdbc = jdbc;
        this.holder = holder;
    }

    /** This replica's name as a lease holder. */
    public String holder() {
        return holder;
    }

    /** Takes (or renews) the lease for {@code period}; true when this replica now holds it and should run. */
    public boolean tryAcquire(String job, Duration period) {
        return jdbc.sql("""
                INSERT INTO job_leases (name, holder, expires_at, runs, last_run_at)
                VALUES (:name, :holder, now() + make_interval(secs => :seconds), 1, now())
                ON CONFLICT (name) DO UPDATE
                    SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at,
                        runs = job_leases.runs + 1, last_run_at = now()
                    WHERE job_leases.expires_at <= now() OR job_leases.holder = EXCLUDED.holder
                RETURNING holder""")
                .param("name", job)
                .param("holder", holder)
                .param("seconds", period.toMillis() / 1000.0)
                .query(String.class)
                .optional()
                .isPresent();
    }

    /** Number of runs recorded for a job over all replicas (for tests and diagnosis). */
    public long runs(String job) {
        return jdbc.sql("SELECT coalesce((SELECT runs FROM job_leases WHERE name = ?), 0)").param(job)
                .query(Long.class).single();
    }

    /** Current holder of a job's lease, if the lease is live. */
    public java.util.Optional<String> currentHolder(String job) {
        return jdbc.sql("SELECT holder FROM job_leases WHERE name = ? AND expires_at > now()").param(job)
                .query(String.class).optional();
    }
}
