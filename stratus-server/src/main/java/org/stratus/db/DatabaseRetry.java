package org.stratus.db;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;
import org.stratus.config.StratusProperties;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.ops.DatabaseMetrics;

/**
 * Runs units of work against the database, retrying them with exponential backoff while the failure is transient
 * (see {@link TransientDatabaseErrors}) and the bounded window lasts. A transaction that failed before its COMMIT
 * was rolled back by PostgreSQL, so running it again is safe; one that failed during COMMIT is not retried. When
 * the window is spent the caller gets {@link ErrorCode#SERVICE_UNAVAILABLE} (503 with Retry-After), never a 500
 * and never a half-applied change.
 */
public final class DatabaseRetry {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);

    /**
     * The deadline of the outermost retrying call on this thread. A nested call (a transaction inside a request that is
     * itself retried as a whole) spends the same window instead of opening a new one, so a request waits at most one
     * window, not one per level.
     */
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private final TransactionTemplate tx;
    private final StratusProperties.DatabaseRetry settings;
    private final DatabaseMetrics metrics;

    public DatabaseRetry(TransactionTemplate tx, StratusProperties.DatabaseRetry settings, DatabaseMetrics metrics) {
        this.tx = tx;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Runs {@code work} in one transaction, retried as described above. */
    public <T> T inTransaction(TransactionCallback<T> work) {
        return call(() -> once(work));
    }

    /**
     * One attempt, with the COMMIT kept apart from the work: {@link TransactionTemplate#execute} cannot tell them
     * apart afterwards. When the connection dies in the middle of the work, its rollback fails too and the template
     * throws a TransactionSystemException ("JDBC rollback failed") that hides the transient error, although nothing
     * was committed; and when the COMMIT itself fails with an I/O error, JdbcTransactionManager translates it into
     * the same DataAccessResourceFailureException as any other statement, although the commit may have been applied.
     */
    private <T> T once(TransactionCallback<T> work) {
        PlatformTransactionManager manager = tx.getTransactionManager();
        TransactionStatus status = manager.getTransaction(tx);
        T result;
        try {
            result = work.doInTransaction(status);
        } catch (RuntimeException | Error e) {
            try {
                manager.rollback(status);
            } catch (RuntimeException rollbackFailure) {
                // The connection is gone (and PostgreSQL rolled back with it); the work's own error is the one that
                // says whether to retry.
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
        try {
            manager.commit(status);
        } catch (RuntimeException e) {
            if (!TransientDatabaseErrors.isTransient(e) && !(e instanceof TransactionSystemException)) {
                throw e; // e.g. a rollback-only transaction: certainly not applied
            }
            metrics.unavailable();
            throw new CommitOutcomeUnknownException(e);
        }
        return result;
    }

    /** Runs {@code work} (which may open its own transactions or none), retried as described above. */
    public <T> T call(Supplier<T> work) {
        return call(work, () -> true);
    }

    /**
     * As {@link #call(Supplier)}, but retries only while {@code canRetry} says so: a request whose body has been
     * streamed, or whose response has started, cannot be run again.
     */
    public <T> T call(Supplier<T> work, java.util.function.BooleanSupplier canRetry) {
        Long outer = DEADLINE.get();
        if (outer != null) {
            return retry(work, canRetry, outer);
        }
        long deadline = System.nanoTime() + settings.window().toNanos();
        DEADLINE.set(deadline);
        try {
            return retry(work, canRetry, deadline);
        } finally {
            DEADLINE.remove();
        }
    }

    private <T> T retry(Supplier<T> work, java.util.function.BooleanSupplier canRetry, long deadline) {
        Duration backoff = settings.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (e instanceof CommitOutcomeUnknownException unknown) {
                    throw unknown; // counted where it was raised
                }
                if (TransientDatabaseErrors.isAmbiguousCommit(e)) {
                    metrics.unavailable();
                    throw new CommitOutcomeUnknownException(e);
                }
                if (!TransientDatabaseErrors.isTransient(e)) {
                    throw e;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || !canRetry.getAsBoolean()) {
                    throw unavailable(e, "The database is unavailable; nothing was changed. Try again shortly");
                }
                metrics.retried();
                log.info("Database unavailable (attempt {}), retrying in {} ms: {}", attempt, backoff.toMillis(),
                        e.toString());
                sleep(Math.min(backoff.toNanos(), remaining));
                backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
                        : backoff.multipliedBy(2);
            }
        }
    }

    /** For callers that cannot retry (the request body is gone): the standard 503 for a transient failure. */
    public StratusException unavailable(RuntimeException cause, String message) {
        metrics.unavailable();
        return new StratusException(ErrorCode.SERVICE_UNAVAILABLE, message, cause);
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos).toMillis(), (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StratusException(ErrorCode.SERVICE_UNAVAILABLE, "Interrupted while waiting for the database");
        }
    }

    /**
     * The COMMIT failed (mostly: the connection broke while it was in flight), so the change may or may not be in
     * the database: it is not re-run, the client gets 503 and must check, and whatever the transaction referenced
     * (an uploaded blob) must not be thrown away as if it had certainly been rolled back.
     */
    public static final class CommitOutcomeUnknownException extends StratusException {
        CommitOutcomeUnknownException(Throwable cause) {
            super(ErrorCode.SERVICE_UNAVAILABLE, "The database failed while committing; the change may not have "
                    + "been applied. Check and try again", cause);
        }
    }
}
