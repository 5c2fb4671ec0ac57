package org.stratus.bench.workloads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.stratus.bench.load.LoadRunner;
import org.stratus.bench.load.Measurement;
import org.stratus.bench.load.Operation;
import org.stratus.bench.load.Pace;
import org.stratus.bench.load.ResourceProbe;

/**
 * Load that is never measured: each server gets rounds of small requests after it starts until its throughput
 * stops climbing, so a JIT-compiled server (Stratus, on the JVM) is measured in the steady state a long-running
 * deployment is in, not while it still compiles its request path. Measured on this machine: Stratus answered
 * GET 4 KiB at 768/s one minute after start-up and at 1,898/s after a minute more of load; Apache, nginx and rclone
 * have nothing to compile and stop after the minimum of two rounds. The load generator's own code is compiled once
 * before any server starts, by {@link ClientWarmup}.
 */
public final class Warmup {

    /** A round whose throughput is within this fraction of the round before ends the warm-up. */
    static final double STEADY = 0.05;
    private static final int MIN_ROUNDS = 3;
    private Warmup() {}

    /** How the warm-up went, for the progress line and the report. */
    public record Outcome(int rounds, Duration took, double firstOpsPerSecond, double lastOpsPerSecond,
            boolean steady) {}

    /**
     * Runs rounds of GET 4 KiB, PUT 4 KiB, the ETag poll and a 100-entry listing, {@code round} each in all, until
     * the throughput of GET and ETag poll in a round is within {@link #STEADY} of the round before or {@code most}
     * has passed; three rounds at the least.
     */
    public static Outcome run(Fixtures fixtures, Duration round, Duration most, int concurrency) throws Exception {
        if (round.isZero()) {
            return new Outcome(0, Duration.ZERO, 0, 0, true);
        }
        fixtures.reset();
        // GET 4 KiB and the ETag poll are CPU-bound, so their throughput says whether the server is warm; an
        // upload's pace is set by fsync and a listing's by its size, and both would hide the JIT's progress.
        List<Step> steps = List.of(new Step(new GetFile("4k", 4 * Sizes.KIB, 64, false), true),
                new Step(new PutFile("4k", 4 * Sizes.KIB, false), false), new Step(new EtagPoll(), true),
                new Step(new PropfindFolder(100), false));
        Pace each = Pace.timed(Duration.ZERO, round.dividedBy(steps.size()), 1);
        // Prepared once (the files to read, the folders to write into), run again each round.
        List<Prepared> prepared = new ArrayList<>();
        for (Step step : steps) {
            prepared.add(new Prepared(step.workload().prepare(fixtures, concurrency, each), step.judged()));
        }
        long start = System.nanoTime();
        double first = 0;
        double previous = 0;
        int rounds = 0;
        while (true) {
            long ops = 0;
            double seconds = 0;
            for (Prepared step : prepared) {
                Measurement measured = LoadRunner.run(step.operation(), concurrency, each, ResourceProbe.NONE);
                if (step.judged()) {
                    ops += measured.ops();
                    seconds += measured.totalSeconds();
                }
            }
            rounds++;
            double rate = seconds > 0 ? ops / seconds : 0;
            first = rounds == 1 ? rate : first;
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            boolean steady = rounds >= MIN_ROUNDS && isSteady(previous, rate);
            if (steady || rounds >= MIN_ROUNDS && took.plus(round).compareTo(most) > 0) {
                return new Outcome(rounds, took, first, rate, steady);
            }
            previous = rate;
        }
    }

    /** A kind of warm-up request, and whether its throughput decides that the server is warm. */
    private record Step(Workload workload, boolean judged) {}

    private record Prepared(Operation operation, boolean judged) {}

    /** Throughput no longer climbing: within {@link #STEADY} of the round before (or below it). */
    static boolean isSteady(double previous, double current) {
        return previous > 0 && current <= previous * (1 + STEADY);
    }
}
