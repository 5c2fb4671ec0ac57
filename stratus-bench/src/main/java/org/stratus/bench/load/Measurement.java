package org.stratus.bench.load;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The measured iterations of one workload at one concurrency against one server; warm-up excluded.
 *
 * @param iterations one entry per measured iteration, for the spread
 * @param latencyMicros every operation's latency across all iterations
 * @param cpuSecondsPerOp server CPU time over the iterations divided by their operations; NaN when not measured
 * @param memoryBytes the server's memory (PSS) after the iterations; -1 when not measured
 * @param clientCpuSecondsPerOp the CPU time of the load generator's worker threads per operation (the client JVM's
 *     JIT and GC threads are not counted); NaN when not measured. On a shared 2-core machine a heavy client takes
 *     cycles from the server, so the report shows it
 * @param firstErrors the first few error messages, to say what went wrong
 */
public record Measurement(
        int concurrency,
        List<Iteration> iterations,
        Histogram latencyMicros,
        double cpuSecondsPerOp,
        long memoryBytes,
        double clientCpuSecondsPerOp,
        List<String> firstErrors) {

    public record Iteration(long ops, long bytes, long errors, double seconds) {
        public double opsPerSecond() {
            return seconds > 0 ? ops / seconds : 0;
        }

        public double megabytesPerSecond() {
            return seconds > 0 ? bytes / seconds / 1e6 : 0;
        }
    }

    public double opsPerSecond() {
        return totalSeconds() > 0 ? iterations.stream().mapToLong(Iteration::ops).sum() / totalSeconds() : 0;
    }

    public double megabytesPerSecond() {
        return totalSeconds() > 0 ? iterations.stream().mapToLong(Iteration::bytes).sum() / totalSeconds() / 1e6 : 0;
    }

    public double minOpsPerSecond() {
        return iterations.stream().mapToDouble(Iteration::opsPerSecond).min().orElse(0);
    }

    public double maxOpsPerSecond() {
        return iterations.stream().mapToDouble(Iteration::opsPerSecond).max().orElse(0);
    }

    public long errors() {
        return iterations.stream().mapToLong(Iteration::errors).sum();
    }

    public long ops() {
        return iterations.stream().mapToLong(Iteration::ops).sum();
    }

    public double percentileMillis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Measured seconds over all iterations. */
    public double totalSeconds() {
        return iterations.stream().mapToDouble(Iteration::seconds).sum();
    }
}
