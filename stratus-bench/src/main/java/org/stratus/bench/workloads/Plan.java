package org.stratus.bench.workloads;

import java.time.Duration;
import java.util.List;
import org.stratus.bench.load.Pace;

/**
 * How much to measure: the quick plan fits the whole run in a few minutes (concurrency 16 only, no 10,000-entry
 * folder), the full one measures every workload at 1, 16 and 64 with longer iterations. Before the first server
 * starts, the load generator runs {@code clientWarmup} against itself (see {@link ClientWarmup}); every server then
 * gets rounds of {@code serverWarmup} of unmeasured small requests until its throughput is steady, for
 * {@code maxServerWarmup} at the most (see {@link Warmup}). {@code delete-1000} has its own number
 * of iterations because each of its operations needs a folder of 1,000 files copied beforehand.
 */
public record Plan(String name, List<Integer> concurrencies, Pace timed, Pace countedHuge, int deleteOpsPerIteration,
        boolean tenThousandEntries, int hugeFileMaxConcurrency, Duration serverWarmup, Duration maxServerWarmup,
        int deleteIterations, Pace clientWarmup) {

    public static Plan quick() {
        return new Plan("quick", List.of(16), Pace.timed(Duration.ofMillis(500), Duration.ofSeconds(1), 3),
                Pace.counted(1, 1, 3), 2, false, 1, Duration.ofSeconds(3), Duration.ofSeconds(30), 2,
                Pace.upTo(Duration.ofSeconds(10), 20_000));
    }

    public static Plan full() {
        return new Plan("full", List.of(1, 16, 64), Pace.timed(Duration.ofSeconds(3), Duration.ofSeconds(4), 5),
                Pace.counted(1, 2, 5), 4, true, 4, Duration.ofSeconds(10), Duration.ofSeconds(120), 5,
                Pace.upTo(Duration.ofSeconds(40), 100_000));
    }

    /** A plan for the smoke test: one concurrency, tiny iterations. */
    public static Plan smoke() {
        return new Plan("smoke", List.of(2), Pace.timed(Duration.ofMillis(100), Duration.ofMillis(300), 2),
                Pace.counted(1, 1, 2), 1, false, 1, Duration.ofMillis(300), Duration.ofMillis(600), 2,
                Pace.upTo(Duration.ofSeconds(2), 500));
    }

    public Plan withConcurrencies(List<Integer> values) {
        return new Plan(name, values, timed, countedHuge, deleteOpsPerIteration, tenThousandEntries,
                hugeFileMaxConcurrency, serverWarmup, maxServerWarmup, deleteIterations, clientWarmup);
    }
}
