package org.stratus.bench.load;

/** Reads the server's resource usage before and after the measured iterations. */
@FunctionalInterface
public interface ResourceProbe {

    Snapshot sample();

    /** @param cpuSeconds user + system CPU time of all the server's processes since they started */
    record Snapshot(double cpuSeconds, long memoryBytes) {}

    ResourceProbe NONE = () -> new Snapshot(Double.NaN, -1);
}
