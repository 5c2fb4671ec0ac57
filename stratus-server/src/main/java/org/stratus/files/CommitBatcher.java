package org.stratus.files;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.springframework.transaction.support.TransactionCallback;
import org.stratus.db.DatabaseRetry;
import org.stratus.error.StratusException;

/**
 * Group commit of one user's uploads within this process. Each write transaction holds the user's root row lock
 * until its COMMIT, and the COMMIT waits for the WAL fsync, so uploads to one tree committed one fsync at a time.
 * Uploads that arrive while another is committing queue up; the next one to run takes the queue into one
 * transaction (one root lock, one COMMIT, one fsync), and each is answered only after that COMMIT: a 2xx still
 * means committed. Across replicas the root row lock still serializes the batches.
 *
 * <p>An upload refused by its checks ({@link StratusException}: precondition, lock, quota, conflict) is refused
 * alone: each upload runs inside a savepoint that the refusal rolls back. Any other failure rolls the batch back
 * and every upload in it then runs in a transaction of its own, as without batching.
 */
final class CommitBatcher {

    private static final int MAX_BATCH = 64;

    private final DatabaseRetry tx;
    /** Guarded by {@code this}: uploads waiting per user, and the users whose batch is running. */
    private final Map<Long, Deque<Item<?>>> waiting = new HashMap<>();
    private final Set<Long> running = new HashSet<>();

    CommitBatcher(DatabaseRetry tx) {
        this.tx = tx;
    }

    /** Runs {@code work} (which must take the user's root lock first) in a transaction, possibly with others. */
    <T> T run(long userId, TransactionCallback<T> work) {
        Item<T> item = new Item<>(work);
        boolean lead;
        synchronized (this) {
            lead = running.add(userId);
            if (!lead) {
                waiting.computeIfAbsent(userId, id -> new ArrayDeque<>()).add(item);
            }
        }
        if (!lead) {
            item.await();
            if (!item.leader) {
                return item.result();
            }
        }
        List<Item<?>> batch = new ArrayList<>();
        batch.add(item);
        try {
            synchronized (this) {
                Deque<Item<?>> queue = waiting.get(userId);
                while (queue != null && !queue.isEmpty() && batch.size() < MAX_BATCH) {
                    batch.add(queue.poll());
                }
            }
            execute(batch);
        } finally {
            for (Item<?> each : batch) {
                each.failIfPending(); // an Error escaped: nobody may wait forever
            }
            synchronized (this) {
                Deque<Item<?>> queue = waiting.get(userId);
                if (queue == null || queue.isEmpty()) {
                    waiting.remove(userId);
                    running.remove(userId);
                } else {
                    queue.poll().lead(); // the next batch is run by a waiting request, not by this one
                }
            }
        }
        return item.result();
    }

    private void execute(List<Item<?>> batch) {
        if (batch.size() == 1) {
            runAlone(batch.get(0));
            return;
        }
        Map<Item<?>, Object> outcomes;
        try {
            outcomes = tx.inTransaction(status -> {
                Map<Item<?>, Object> results = new IdentityHashMap<>();
                for (Item<?> each : batch) {
                    // A savepoint per upload: a refusal undoes exactly that upload's statements, wherever in its
                    // work it was raised, and the others in the batch still commit.
                    Object savepoint = status.createSavepoint();
                    try {
                        results.put(each, each.work.doInTransaction(status));
                        status.releaseSavepoint(savepoint);
                    } catch (StratusException refused) {
                        status.rollbackToSavepoint(savepoint);
                        results.put(each, new Refused(refused));
                    }
                }
                return results;
            });
        } catch (DatabaseRetry.CommitOutcomeUnknownException e) {
            batch.forEach(each -> each.fail(e));
            return;
        } catch (RuntimeException e) {
            batch.forEach(this::runAlone); // rolled back: nothing of the batch was applied
            return;
        }
        for (Item<?> each : batch) {
            Object outcome = outcomes.get(each);
            if (outcome instanceof Refused refused) {
                each.fail(refused.reason());
            } else {
                each.completeWith(outcome);
            }
        }
    }

    /** Writes of this user waiting for the running batch to finish (for tests). */
    synchronized int waiting(long userId) {
        Deque<Item<?>> queue = waiting.get(userId);
        return queue == null ? 0 : queue.size();
    }

    private <T> void runAlone(Item<T> item) {
        try {
            item.complete(tx.inTransaction(item.work));
        } catch (RuntimeException e) {
            item.fail(e);
        }
    }

    private record Refused(StratusException reason) {}

    /** One request's work and, once the batch has run, its outcome (published through the latch). */
    private static final class Item<T> {
        final TransactionCallback<T> work;
        private final CountDownLatch signal = new CountDownLatch(1);
        private boolean leader;
        private T value;
        private RuntimeException failure;

        Item(TransactionCallback<T> work) {
            this.work = work;
        }

        void lead() {
            leader = true;
            signal.countDown();
        }

        void complete(T result) {
            value = result;
            signal.countDown();
        }

        @SuppressWarnings("unchecked")
        void completeWith(Object result) {
            complete((T) result);
        }

        void fail(RuntimeException e) {
            failure = e;
            signal.countDown();
        }

        void failIfPending() {
            if (signal.getCount() > 0) {
                fail(new IllegalStateException("The batch this write belonged to failed"));
            }
        }

        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    signal.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the outcome must be waited for: the write may be committing right now
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        T result() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }
}
