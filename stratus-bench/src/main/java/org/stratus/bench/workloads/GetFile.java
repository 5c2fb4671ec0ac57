package org.stratus.bench.workloads;

import java.util.List;
import org.stratus.bench.load.Operation;
import org.stratus.bench.load.Pace;
import org.stratus.bench.workloads.Fixtures.StoredFile;

/** GET of existing files of one size, spread over a pool, each body checked against its CRC32C. */
final class GetFile extends SizedFileWorkload {

    private final int poolSize;

    GetFile(String label, long size, int poolSize, boolean huge) {
        super(label, size, huge);
        this.poolSize = poolSize;
    }

    @Override
    public String name() {
        return "get-" + label;
    }

    @Override
    public Operation prepare(Fixtures fixtures, int concurrency, Pace pace) throws Exception {
        List<StoredFile> pool = fixtures.pool(size, poolSize);
        return (worker, sequence) -> {
            StoredFile file = pool.get((int) ((worker * 7919L + sequence) % pool.size()));
            return fixtures.dav().getVerified(file.path(), file.checksum());
        };
    }
}
