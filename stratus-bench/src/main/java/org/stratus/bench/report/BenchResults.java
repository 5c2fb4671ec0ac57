package org.stratus.bench.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one run measured, in the order it ran: the input of the Markdown table and the JSON.
 *
 * @param pageCacheReadMbPerS the physical reference: {@code dd} of a 256 MiB file from the page cache; NaN if not
 *     measured
 */
public record BenchResults(Instant started, String plan, String machine, String client, List<ServerResult> servers,
        double pageCacheReadMbPerS) {

    public BenchResults {
        servers = new ArrayList<>(servers);
    }

    public Optional<ServerResult> server(String name) {
        return servers.stream().filter(s -> s.server().equals(name) && s.skipped() == null).findFirst();
    }

    /** Workload names in the order they were first measured. */
    public List<String> workloads() {
        Set<String> names = new LinkedHashSet<>();
        servers.forEach(s -> names.addAll(s.measurements().keySet()));
        return List.copyOf(names);
    }

    /** Concurrencies any server measured this workload at, ascending. */
    public List<Integer> concurrencies(String workload) {
        return servers.stream().flatMap(s -> s.concurrencies(workload).stream()).distinct().sorted().toList();
    }
}
