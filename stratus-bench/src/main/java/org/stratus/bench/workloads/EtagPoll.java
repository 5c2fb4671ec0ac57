package org.stratus.bench.workloads;

import org.stratus.bench.load.Operation;
import org.stratus.bench.load.Pace;

/** PROPFIND Depth 0 of the files root for its ETag alone: what every sync client sends every few seconds. */
final class EtagPoll implements Workload {

    @Override
    public String name() {
        return "etag-poll";
    }

    @Override
    public Operation prepare(Fixtures fixtures, int concurrency, Pace pace) {
        return (worker, sequence) -> fixtures.dav().etagPoll("");
    }
}
