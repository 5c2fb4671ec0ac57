package org.stratus.bench.workloads;

import org.stratus.bench.load.Content;
import org.stratus.bench.load.Operation;
import org.stratus.bench.load.Pace;

/**
 * PUT of new files of one size, as a client uploading what a user just saved: every operation creates a file,
 * in a folder per worker so that no folder grows past what one worker writes.
 */
final class PutFile extends SizedFileWorkload {

    PutFile(String label, long size, boolean huge) {
        super(label, size, huge);
    }

    @Override
    public String name() {
        return "put-" + label;
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
