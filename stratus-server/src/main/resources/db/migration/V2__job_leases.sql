-- Leases let exactly one replica run a periodic job per period. A replica takes the lease when it is free or
-- expired (or already its own); the lease lasts one period, so the job runs about once per period overall.
CREATE TABLE job_leases (
    name        text PRIMARY KEY,
    holder      text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    runs        bigint      NOT NULL DEFAULT 0,
    last_run_at timestamptz
);
