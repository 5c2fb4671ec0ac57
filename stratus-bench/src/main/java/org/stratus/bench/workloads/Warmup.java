package org.stratus.bench.workloads;

import java.time.Duration;
import java.util.List;
import org.stratus.bench.load.LoadRunner;
import org.stratus.bench.load.Pace;
import org.stratus.bench.load.ResourceProbe;

/**
 * Load that is never measured: each server gets the same few seconds of small requests after it starts, so a
 * JIT-compiled server (Stratus, on the JVM) is not measured while it is still compiling its request path, and the
 * load generator's own HTTP client is compiled before the first server is measured.
 */
public final class Warmup {

    private Warmup() {}

    /** Runs GET 4 KiB, PUT 4 KiB, the ETag poll and a 100-entry listing for {@code total} in all. */
    public static void run(Fixtures fixtures, Duration total, int concurrency) throws Exception {
        if (total.isZero()) {
            return;
        }
        fixtures.reset();
        List<Workload> steps = List.of(new GetFile("4k", 4 * Sizes.KIB, 64, false),
                new PutFile("4k", 4 * Sizes.KIB, false), new EtagPoll(), new PropfindFolder(100));
        Duration each = total.dividedBy(steps.size());
        Pace warmOnly = Pace.timed(each, Duration.ZERO, 0);
        for (Workload step : steps) {
            LoadRunner.run(step.prepare(fixtures, concurrency, warmOnly), concurrency, warmOnly, ResourceProbe.NONE);
        }
    }
}
