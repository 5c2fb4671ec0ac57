package org.stratus.bench.workloads;

import java.util.List;

final class Sizes {
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;

    private Sizes() {}

    /** 256 MiB files at 64 at once would need 16 GiB per iteration: they run at the plan's lowest levels only. */
    static List<Integer> hugeConcurrencies(Plan plan) {
        List<Integer> levels = plan.concurrencies().stream().filter(c -> c <= plan.hugeFileMaxConcurrency()).toList();
        return levels.isEmpty() ? List.of(1) : levels;
    }
}
