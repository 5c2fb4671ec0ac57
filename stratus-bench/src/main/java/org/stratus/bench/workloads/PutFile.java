package org.stratus.bench.workloads;

import java.util.List;
import org.stratus.bench.load.Content;
import org.stratus.bench.load.Operation;
import org.stratus.bench.load.Pace;

/**
 * PUT of new files of one size, as a client uploading what a user just saved: every operation creates a file,
 * in a folder per worker so that no folder grows past what one worker writes.
 */
final class PutFile implements Workload {

    private final String label;
    private final long size;
    private final boolean huge;

    PutFile(String label, long size, boolean huge) {
        this.label = label;
        this.size = size;
        this.huge = huge;
    }

    @Override
    public String name() {
        return "put-" + label;
    }

    @Override
    public List<Integer> concurrencies(Plan plan) {
        return huge ? Sizes.hugeConcurrencies(plan) : plan.concurrencies();
    }

    @Override
    public Pace pace(Plan plan, int concurrency) {
        return huge ? plan.countedHuge() : plan.timed();
    }

    @Override
    public Operation prepare(Fixtures fixtures, int concurrency, Pace pace) throws Exception {
        String folder = fixtures.folder(name() + "-c" + concurrency);
        String[] workerFolders = new String[concurrency];
        for (int w = 0; w < concurrency; w++) {
            workerFolders[w] = fixtures.subfolder(folder, "w" + w);
        }
        Content content = Content.of(size, size);
        return (worker, sequence) -> fixtures.dav().put(workerFolders[worker] + "f" + sequence + ".bin", content);
    }
}
