package org.stratus.bench.workloads;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.stratus.bench.load.Operation;
import org.stratus.bench.load.Pace;

/**
 * DELETE of a folder of N files. Each operation consumes a folder, so the pace is a count of operations and every
 * folder is prepared beforehand by a COPY of a template (not timed).
 */
final class DeleteFolder implements Workload {

    private final int entries;

    DeleteFolder(int entries) {
        this.entries = entries;
    }

    @Override
    public String name() {
        return "delete-" + entries;
    }

    @Override
    public List<Integer> concurrencies(Plan plan) {
        // Each operation consumes a prepared folder of N files: 64 at once would need thousands of them.
        List<Integer> levels = plan.concurrencies().stream().filter(c -> c <= 16).toList();
        return levels.isEmpty() ? List.of(1) : levels;
    }

    @Override
    /**
     * At concurrency c every worker gets at least one folder per iteration. No warm-up of its own: the server has
     * had its warm-up, and every folder costs a COPY of N files to prepare.
     */
    public Pace pace(Plan plan, int concurrency) {
        int perIteration = Math.max(plan.deleteOpsPerIteration(), concurrency);
        return Pace.counted(0, perIteration, plan.deleteIterations());
    }

    @Override
    public Operation prepare(Fixtures fixtures, int concurrency, Pace pace) throws Exception {
        String base = fixtures.folder(name() + "-c" + concurrency);
        String template = fixtures.filledFolder(entries);
        int folders = pace.totalOps();
        fixtures.parallel(folders, i -> fixtures.dav().copy(template, base + "d" + i + "/"));
        AtomicInteger next = new AtomicInteger();
        return (worker, sequence) -> {
            fixtures.dav().delete(base + "d" + next.getAndIncrement() + "/");
            return 0;
        };
    }
}
