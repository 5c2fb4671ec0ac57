package org.stratus.bench.load;

import java.time.Duration;

/**
 * How long the warm-up and each measured iteration last: a duration for cheap repeatable operations, a number of
 * operations for ones whose fixture each operation consumes (deleting a prepared folder) or that take seconds each,
 * or both, and then whichever is reached first ends it.
 */
public record Pace(Duration warmup, Duration iteration, int warmupOps, int iterationOps, int iterations) {

    public static Pace timed(Duration warmup, Duration iteration, int iterations) {
        return new Pace(warmup, iteration, 0, 0, iterations);
    }

    public static Pace counted(int warmupOps, int iterationOps, int iterations) {
        return new Pace(Duration.ZERO, Duration.ZERO, warmupOps, iterationOps, iterations);
    }

    /** One iteration without warm-up that ends after {@code most} or after {@code mostOps}, whichever comes first. */
    public static Pace upTo(Duration most, int mostOps) {
        return new Pace(Duration.ZERO, most, 0, mostOps, 1);
    }

    public boolean isCounted() {
        return iterationOps > 0;
    }

    /** Operations a counted pace runs in all, warm-up included: what a consuming fixture must prepare. */
    public int totalOps() {
        return warmupOps + iterationOps * iterations;
    }
}
