package org.stratus.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.SavepointManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.stratus.config.StratusProperties;
import org.stratus.db.DatabaseRetry;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.ops.DatabaseMetrics;

/** Uploads queued behind a committing one share the next transaction; each still gets its own outcome. */
class CommitBatcherTest {

    /** Counts what the batcher asks of a transaction; savepoints as JDBC would offer them. */
    private static final class CountingManager extends AbstractPlatformTransactionManager {
        final AtomicInteger commits = new AtomicInteger();
        final AtomicInteger rollbacks = new AtomicInteger();
        final AtomicInteger savepointRollbacks = new AtomicInteger();

        @Override
        protected Object doGetTransaction() {
            return new SavepointManager() {
                @Override
                public Object createSavepoint() {
                    return new Object();
                }

                @Override
                public void rollbackToSavepoint(Object savepoint) {
                    savepointRollbacks.incrementAndGet();
                }

                @Override
                public void releaseSavepoint(Object savepoint) {}
            };
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {}

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            commits.incrementAndGet();
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            rollbacks.incrementAndGet();
        }
    }

    private final CountingManager manager = new CountingManager();
    private final CommitBatcher batcher = new CommitBatcher(new DatabaseRetry(new TransactionTemplate(manager),
            new StratusProperties.DatabaseRetry(Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofMillis(5)),
            new DatabaseMetrics(new SimpleMeterRegistry())));
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @Test
    void writesQueuedBehindACommitShareOneTransactionAndARefusedOneFailsAlone() throws Exception {
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<String> first = holdCommit(1L, "first", releaseFirst);
        List<Future<String>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            queued.add(pool.submit(() -> batcher.run(1L, status -> {
                if (n == 2) {
                    throw new StratusException(ErrorCode.PRECONDITION_FAILED, "refused");
                }
                return "w" + n;
            })));
        }
        awaitQueued(5);
        releaseFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        for (int i = 0; i < 5; i++) {
            Future<String> result = queued.get(i);
            if (i == 2) {
                assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StratusException.class);
            } else {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("w" + i);
            }
        }
        assertThat(manager.commits.get()).isEqualTo(2); // the first alone, then the five queued behind it
        assertThat(manager.savepointRollbacks.get()).isEqualTo(1); // only the refused write's statements undone
        pool.shutdownNow();
    }

    @Test
    void aBatchThatFailsIsRolledBackAndEachWriteRunsAlone() throws Exception {
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<String> first = holdCommit(1L, "first", releaseFirst);
        AtomicInteger brokenAttempts = new AtomicInteger();
        Future<String> broken = pool.submit(() -> batcher.run(1L, status -> {
            brokenAttempts.incrementAndGet();
            throw new IllegalStateException("statement failed");
        }));
        Future<String> fine = pool.submit(() -> batcher.run(1L, status -> "fine"));
        awaitQueued(2);
        releaseFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(fine.get(10, TimeUnit.SECONDS)).isEqualTo("fine");
        assertThatThrownBy(() -> broken.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(brokenAttempts.get()).isEqualTo(2); // in the batch, then alone
        assertThat(manager.rollbacks.get()).isEqualTo(2);
        pool.shutdownNow();
    }

    @Test
    void differentUsersDoNotWaitForEachOther() throws Exception {
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<String> first = holdCommit(1L, "user 1", releaseFirst);
        assertThat(pool.submit(() -> batcher.run(2L, status -> "user 2")).get(10, TimeUnit.SECONDS))
                .isEqualTo("user 2");
        releaseFirst.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("user 1");
        pool.shutdownNow();
    }

    /** A write of {@code user} that is running (in its transaction) until {@code release} opens. */
    private Future<String> holdCommit(long user, String result, CountDownLatch release) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        Future<String> write = pool.submit(() -> batcher.run(user, status -> {
            running.countDown();
            await(release);
            return result;
        }));
        running.await();
        return write;
    }

    private void awaitQueued(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (batcher.waiting(1L) < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(batcher.waiting(1L)).isEqualTo(count);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
