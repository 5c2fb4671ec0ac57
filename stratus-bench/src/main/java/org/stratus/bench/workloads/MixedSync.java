package org.stratus.bench.workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stratus.bench.load.Content;
import org.stratus.bench.load.Operation;
import org.stratus.bench.load.Pace;
import org.stratus.bench.workloads.Fixtures.StoredFile;

/**
 * What a team of sync clients does: mostly polling for changes and listing folders, downloading and uploading
 * files of which 80% are under 1 MiB, now and then renaming or deleting one. Each operation is one request drawn
 * from a seeded random sequence per worker, so every server sees the same mix:
 * 30% ETag poll of the root, 10% PROPFIND Depth 1 of the worker's folder, 30% GET (checked), 20% PUT of a new
 * file, 5% MOVE of a file the worker uploaded, 5% DELETE of one.
 */
final class MixedSync implements Workload {

    /** 80% of files under 1 MiB, 20% between 1 and 8 MiB. */
    private static final long[] SMALL_SIZES = {4 * Sizes.KIB, 16 * Sizes.KIB, 64 * Sizes.KIB, 256 * Sizes.KIB};
    private static final long[] LARGE_SIZES = {2 * Sizes.MIB, 8 * Sizes.MIB};
    private static final int POOL_PER_SIZE = 8;

    @Override
    public String name() {
        return "mixed";
    }

    @Override
    public Operation prepare(Fixtures fixtures, int concurrency, Pace pace) throws Exception {
        List<List<StoredFile>> smallPools = new ArrayList<>();
        for (long size : SMALL_SIZES) {
            smallPools.add(fixtures.pool(size, POOL_PER_SIZE));
        }
        List<List<StoredFile>> largePools = new ArrayList<>();
        for (long size : LARGE_SIZES) {
            largePools.add(fixtures.pool(size, POOL_PER_SIZE));
        }
        String base = fixtures.folder("mixed-c" + concurrency);
        Worker[] workers = new Worker[concurrency];
        for (int w = 0; w < concurrency; w++) {
            workers[w] = new Worker(fixtures.subfolder(base, "w" + w), new SplittableRandom(31L * w + 7));
        }
        return (worker, sequence) -> workers[worker].next(fixtures, smallPools, largePools);
    }

    /** One client's state: its random sequence and the files it uploaded and may rename or delete. */
    private static final class Worker {
        private final String folder;
        private final SplittableRandom random;
        private final List<String> uploaded = new ArrayList<>();
        private long counter;

        Worker(String folder, SplittableRandom random) {
            this.folder = folder;
            this.random = random;
        }

        long next(Fixtures fixtures, List<List<StoredFile>> smallPools, List<List<StoredFile>> largePools)
                throws Exception {
            int roll = random.nextInt(100);
            boolean small = random.nextInt(100) < 80;
            int sizeIndex = random.nextInt(small ? SMALL_SIZES.length : LARGE_SIZES.length);
            if (roll < 30) {
                return fixtures.dav().etagPoll("");
            } else if (roll < 40) {
                return fixtures.dav().propfindBody(folder, 1).length();
            } else if (roll < 70) {
                List<StoredFile> pool = (small ? smallPools : largePools).get(sizeIndex);
                StoredFile file = pool.get(random.nextInt(pool.size()));
                return fixtures.dav().getVerified(file.path(), file.checksum());
            } else if (roll < 90 || uploaded.isEmpty()) {
                long size = small ? SMALL_SIZES[sizeIndex] : LARGE_SIZES[sizeIndex];
                String path = folder + "u" + counter++ + ".bin";
                long sent = fixtures.dav().put(path, Content.of(size, size));
                uploaded.add(path);
                return sent;
            } else if (roll < 95) {
                int index = random.nextInt(uploaded.size());
                String renamed = folder + "r" + counter++ + ".bin";
                fixtures.dav().move(uploaded.get(index), renamed);
                uploaded.set(index, renamed);
                return 0;
            } else {
                fixtures.dav().delete(uploaded.remove(random.nextInt(uploaded.size())));
                return 0;
            }
        }
    }
}
