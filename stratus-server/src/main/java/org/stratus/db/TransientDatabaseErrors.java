package org.stratus.db;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells database failures that a failover causes (and that go away when a new primary is up) from real errors.
 * During a Patroni switchover a client sees: refused or reset connections (SQLState class 08), the old primary
 * terminating sessions (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now), writes rejected by
 * a demoted node (25006 read_only_sql_transaction), and Hikari unable to hand out a connection in time.
 */
public final class TransientDatabaseErrors {

    private TransientDatabaseErrors() {}

    /** True when retrying the unit of work later may succeed. */
    public static boolean isTransient(Throwable error) {
        if (error instanceof CannotCreateTransactionException || error instanceof TransientDataAccessException
                || error instanceof QueryTimeoutException) {
            return true;
        }
        if (error instanceof TransactionSystemException rollbackFailure
                && rollbackFailure.getApplicationException() != null) {
            // TransactionTemplate: the work failed, then its rollback failed on the same dead connection. Nothing
            // was committed; the work's error decides.
            return isTransient(rollbackFailure.getApplicationException());
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException || cause instanceof SocketException) {
                return true;
            }
            if (cause instanceof SQLException sql && isTransientState(sql.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * True when the failure hit the COMMIT itself: the transaction may or may not have been applied, so it must not
     * be re-run blindly (a retried If-Match PUT would fail on its own new ETag). The client gets 503 and decides.
     */
    public static boolean isAmbiguousCommit(Throwable error) {
        if (error instanceof DatabaseRetry.CommitOutcomeUnknownException) {
            return true;
        }
        // From a TransactionTemplate: a failed commit (or the rollback after it) carries no application exception;
        // a rollback that failed after the work had failed does, and then nothing was committed.
        return error instanceof TransactionSystemException transactionFailure
                && transactionFailure.getApplicationException() == null;
    }

    static boolean isTransientState(String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08")          // connection exception
                || state.startsWith("57P0")    // admin/crash shutdown, cannot connect now
                || state.equals("25006")       // read-only transaction: we reached a replica
                || state.equals("40001")       // serialization failure
                || state.equals("40P01")       // deadlock detected
                || state.equals("53300");      // too many connections (a restarting primary)
    }
}
