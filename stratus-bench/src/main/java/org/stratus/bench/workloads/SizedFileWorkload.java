package org.stratus.bench.workloads;

import java.util.List;
import org.stratus.bench.load.Pace;

/**
 * A workload on files of one size. Huge files (256 MiB) are paced by a count of operations, at the plan's lowest
 * concurrencies only: 64 at once would need 16 GiB per iteration.
 */
abstract class SizedFileWorkload implements Workload {

    final String label;
    final long size;
    private final boolean huge;

    SizedFileWorkload(String label, long size, boolean huge) {
        this.label = label;
        this.size = size;
        this.huge = huge;
    }

    @Override
    public List<Integer> concurrencies(Plan plan) {
        if (!huge) {
            return plan.concurrencies();
        }
        List<Integer> levels = plan.concurrencies().stream().filter(c -> c <= plan.hugeFileMaxConcurrency()).toList();
        return levels.isEmpty() ? List.of(1) : levels;
    }

    @Override
    public Pace pace(Plan plan, int concurrency) {
        return huge ? plan.countedHuge() : plan.timed();
    }
}
