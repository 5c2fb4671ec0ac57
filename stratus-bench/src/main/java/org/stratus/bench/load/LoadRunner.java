package org.stratus.bench.load;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.stratus.bench.load.Measurement.Iteration;

/**
 * Closed-loop load: {@code concurrency} workers, each sending its next request as soon as the previous one has
 * been answered, as sync clients do. A warm-up runs first and is thrown away; then each iteration is measured on
 * its own so the report can show the spread. Latency is recorded per operation in an HdrHistogram (microseconds,
 * 3 significant digits), from before the request is built to after the response body has been read and checked.
 */
public final class LoadRunner {

    private static final long HIGHEST_MICROS = 30L * 60 * 1_000_000;
    private static final int ERRORS_KEPT = 5;

    private LoadRunner() {}

    public static Measurement run(Operation operation, int concurrency, Pace pace, ResourceProbe probe)
            throws InterruptedException {
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "bench-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            long[] sequences = new long[concurrency];
            List<String> errors = Collections.synchronizedList(new ArrayList<>());
            runPhase(workers, operation, concurrency, pace.warmup().toNanos(), pace.warmupOps(), sequences, errors);
            errors.clear(); // a warm-up error repeats in the iterations if it matters

            ResourceProbe.Snapshot before = probe.sample();
            long clientCpuBefore = clientCpuNanos();
            List<Iteration> iterations = new ArrayList<>();
            Histogram latency = newHistogram();
            for (int i = 0; i < pace.iterations(); i++) {
                Phase phase = runPhase(workers, operation, concurrency, pace.iteration().toNanos(),
                        pace.iterationOps(), sequences, errors);
                iterations.add(phase.iteration());
                latency.add(phase.latency());
            }
            long clientCpu = clientCpuNanos() - clientCpuBefore;
            ResourceProbe.Snapshot after = probe.sample();
            long ops = iterations.stream().mapToLong(Iteration::ops).sum() + iterations.stream()
                    .mapToLong(Iteration::errors).sum();
            double cpuPerOp = ops > 0 ? (after.cpuSeconds() - before.cpuSeconds()) / ops : Double.NaN;
            List<String> firstErrors;
            synchronized (errors) {
                firstErrors = List.copyOf(errors.subList(0, Math.min(ERRORS_KEPT, errors.size())));
            }
            double clientCpuPerOp = ops > 0 && clientCpu >= 0 ? clientCpu / 1e9 / ops : Double.NaN;
            return new Measurement(concurrency, iterations, latency, cpuPerOp, after.memoryBytes(), clientCpuPerOp,
                    firstErrors);
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private record Phase(Iteration iteration, Histogram latency) {}

    /** Runs until the duration has passed (durationNanos > 0) or until {@code countedOps} operations were taken. */
    private static Phase runPhase(ExecutorService workers, Operation operation, int concurrency, long durationNanos,
            int countedOps, long[] sequences, List<String> errors) throws InterruptedException {
        if (durationNanos <= 0 && countedOps <= 0) {
            return new Phase(new Iteration(0, 0, 0, 0), newHistogram());
        }
        AtomicLong remaining = new AtomicLong(countedOps);
        long start = System.nanoTime();
        long deadline = start + durationNanos;
        List<Future<WorkerResult>> futures = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            futures.add(workers.submit(() -> {
                WorkerResult result = new WorkerResult();
                while (countedOps > 0 ? remaining.getAndDecrement() > 0 : System.nanoTime() < deadline) {
                    long began = System.nanoTime();
                    try {
                        result.bytes += operation.run(worker, sequences[worker]++);
                        result.latency.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - began) / 1000));
                        result.ops++;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw e;
                    } catch (Exception e) {
                        result.errors++;
                        if (errors.size() < ERRORS_KEPT) {
                            errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                    }
                }
                return result;
            }));
        }
        long ops = 0;
        long bytes = 0;
        long errorCount = 0;
        Histogram latency = newHistogram();
        for (Future<WorkerResult> future : futures) {
            try {
                WorkerResult result = future.get();
                ops += result.ops;
                bytes += result.bytes;
                errorCount += result.errors;
                latency.add(result.latency);
            } catch (ExecutionException e) {
                throw new IllegalStateException("A bench worker failed", e.getCause());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Phase(new Iteration(ops, bytes, errorCount, seconds), latency);
    }

    /**
     * CPU time of this JVM, all threads: the workers do all the HTTP work themselves (the classic client has no
     * threads of its own), and whatever else the JVM spends meanwhile (GC, JIT) is the client's cost too; -1 where
     * the JVM cannot tell.
     */
    private static long clientCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    private static final class WorkerResult {
        final Histogram latency = newHistogram();
        long ops;
        long bytes;
        long errors;
    }
}
