package org.stratus.bench.workloads;

import org.stratus.bench.load.Operation;
import org.stratus.bench.load.Pace;

/**
 * MOVE of a folder of N files, as when a user renames a project folder: each worker owns one folder and moves
 * it back and forth between two names, so the operation repeats without new fixtures.
 */
final class MoveFolder implements Workload {

    private final int entries;

    MoveFolder(int entries) {
        this.entries = entries;
    }

    @Override
    public String name() {
        return "move-" + entries;
    }

    @Override
    public Operation prepare(Fixtures fixtures, int concurrency, Pace pace) throws Exception {
        String base = fixtures.folder(name() + "-c" + concurrency);
        String template = fixtures.filledFolder(entries);
        String[] a = new String[concurrency];
        String[] b = new String[concurrency];
        for (int w = 0; w < concurrency; w++) {
            a[w] = base + "w" + w + "-a/";
            b[w] = base + "w" + w + "-b/";
        }
        fixtures.parallel(concurrency, w -> fixtures.dav().copy(template, a[w]));
        boolean[] atB = new boolean[concurrency]; // each slot is only touched by its own worker
        return (worker, sequence) -> {
            boolean forth = !atB[worker];
            fixtures.dav().move(forth ? a[worker] : b[worker], forth ? b[worker] : a[worker]);
            atB[worker] = forth; // a failed MOVE left the folder where it was
            return 0;
        };
    }
}
