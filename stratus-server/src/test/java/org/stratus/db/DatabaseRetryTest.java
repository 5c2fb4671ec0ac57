package org.stratus.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.stratus.config.StratusProperties;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.ops.DatabaseMetrics;

/**
 * What the Patroni failover test showed: when the leader dies, a transaction fails in the middle of its work and its
 * rollback fails too (the connection is gone). Nothing was committed, so it must be retried; only a failure of the
 * COMMIT itself leaves the outcome unknown and must not be re-run.
 */
class DatabaseRetryTest {

    /** An I/O error as pgjdbc reports it when the server went away: SQLState 08006, translated by Spring. */
    private static DataAccessResourceFailureException connectionLost() {
        return new DataAccessResourceFailureException("PreparedStatementCallback; An I/O error occurred",
                new SQLException("An I/O error occurred while sending to the backend.", "08006"));
    }

    /** A transaction manager whose commit and rollback fail as told. */
    private static final class FailingManager extends AbstractPlatformTransactionManager {
        RuntimeException commitFailure;
        RuntimeException rollbackFailure;
        int commits;

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {}

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            commits++;
            if (commitFailure != null) {
                throw commitFailure;
            }
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            if (rollbackFailure != null) {
                throw rollbackFailure;
            }
        }
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FailingManager manager = new FailingManager();
    private final DatabaseRetry retry = new DatabaseRetry(new TransactionTemplate(manager),
            new StratusProperties.DatabaseRetry(Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofMillis(5)),
            new DatabaseMetrics(registry));

    @Test
    void workThatFailedOnADeadConnectionIsRetriedEvenWhenItsRollbackFailsToo() {
        manager.rollbackFailure = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        AtomicInteger attempts = new AtomicInteger();

        String result = retry.inTransaction(status -> {
            if (attempts.incrementAndGet() == 1) {
                throw connectionLost();
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(2);
        assertThat(registry.counter("stratus.db.retries").count()).isEqualTo(1);
        assertThat(registry.counter("stratus.db.unavailable").count()).isZero();
    }

    @Test
    void aNestedCallSpendsTheOuterWindowInsteadOfOpeningItsOwn() {
        DatabaseRetry shortWindow = new DatabaseRetry(new TransactionTemplate(manager),
                new StratusProperties.DatabaseRetry(Duration.ofMillis(200), Duration.ofMillis(1), Duration.ofMillis(5)),
                new DatabaseMetrics(registry));
        AtomicInteger innerAttempts = new AtomicInteger();

        // The outer unit of work has used up its window before its inner one fails: the inner one must give up at
        // once (503) rather than retry for a window of its own.
        assertThatThrownBy(() -> shortWindow.call(() -> {
            sleepPast(Duration.ofMillis(300));
            return shortWindow.call(() -> {
                innerAttempts.incrementAndGet();
                throw connectionLost();
            });
        })).isInstanceOf(StratusException.class)
                .satisfies(e -> assertThat(((StratusException) e).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
        assertThat(innerAttempts).hasValue(1);

        // The window belonged to that call only: the next one on this thread gets a fresh one.
        AtomicInteger attempts = new AtomicInteger();
        assertThat(shortWindow.call(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw connectionLost();
            }
            return "done";
        })).isEqualTo("done");
    }

    private static void sleepPast(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCommitThatFailedOnALostConnectionIsNotRunAgain() {
        manager.commitFailure = connectionLost();
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.inTransaction(status -> attempts.incrementAndGet()))
                .isInstanceOf(DatabaseRetry.CommitOutcomeUnknownException.class)
                .satisfies(e -> assertThat(((StratusException) e).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
        assertThat(attempts).hasValue(1);
        assertThat(manager.commits).isEqualTo(1);
        assertThat(registry.counter("stratus.db.unavailable").count()).isEqualTo(1);
    }

    @Test
    void aCommitWhoseRollbackFailedAfterwardsIsNotRunAgain() {
        manager.commitFailure = connectionLost();
        manager.rollbackFailure = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.inTransaction(status -> attempts.incrementAndGet()))
                .isInstanceOf(DatabaseRetry.CommitOutcomeUnknownException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aCallAroundAFailedCommitDoesNotRunItAgainNorCountItTwice() {
        manager.commitFailure = connectionLost();
        AtomicInteger attempts = new AtomicInteger();

        // A whole request retried around a transaction (DavServlet around FileService).
        assertThatThrownBy(() -> retry.call(() -> retry.inTransaction(status -> attempts.incrementAndGet())))
                .isInstanceOf(DatabaseRetry.CommitOutcomeUnknownException.class);
        assertThat(attempts).hasValue(1);
        assertThat(registry.counter("stratus.db.unavailable").count()).isEqualTo(1);
    }

    @Test
    void templateRollbackFailuresAreClassifiedByTheWorksOwnError() {
        TransactionSystemException afterTransientError = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        afterTransientError.initApplicationException(connectionLost());
        TransactionSystemException afterRealBug = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        afterRealBug.initApplicationException(new IllegalStateException("bug"));
        TransactionSystemException commitFailure = new TransactionSystemException("Could not commit",
                new SQLException("Connection is closed"));

        assertThat(TransientDatabaseErrors.isTransient(afterTransientError)).isTrue();
        assertThat(TransientDatabaseErrors.isAmbiguousCommit(afterTransientError)).isFalse();
        assertThat(TransientDatabaseErrors.isTransient(afterRealBug)).isFalse();
        assertThat(TransientDatabaseErrors.isAmbiguousCommit(afterRealBug)).isFalse();
        assertThat(TransientDatabaseErrors.isAmbiguousCommit(commitFailure)).isTrue();
    }
}
