package org.stratus.bench.workloads;

import java.util.List;
import org.stratus.bench.load.Operation;
import org.stratus.bench.load.Pace;

/** PROPFIND Depth 0 of the files root for its ETag alone: what every sync client sends every few seconds. */
final class EtagPoll implements Workload {

    @Override
    public String name() {
        return "etag-poll";
    }

    @Override
    public List<Integer> concurrencies(Plan plan) {
        return plan.concurrencies();
    }

    @Override
    public Pace pace(Plan plan, int concurrency) {
        return plan.timed();
    }

    @Override
    public Operation prepare(Fixtures fixtures, int concurrency, Pace pace) {
        return (worker, sequence) -> fixtures.dav().etagPoll("");
    }
}
