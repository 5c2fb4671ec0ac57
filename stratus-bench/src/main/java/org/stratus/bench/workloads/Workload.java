package org.stratus.bench.workloads;

import java.util.List;
import org.stratus.bench.load.Operation;
import org.stratus.bench.load.Pace;

/**
 * One kind of request mix, named by its operation first ({@code get-4k}, {@code propfind-1000}, ...). A workload
 * prepares what it needs on a peer through WebDAV (not timed), then hands the runner an operation to repeat.
 */
public interface Workload {

    String name();

    /** The concurrencies to measure at: the plan's list unless the workload needs fewer. */
    default List<Integer> concurrencies(Plan plan) {
        return plan.concurrencies();
    }

    /** Timed iterations unless the workload's operations consume fixtures or take seconds each. */
    default Pace pace(Plan plan, int concurrency) {
        return plan.timed();
    }

    /** Creates the fixture for this concurrency on the peer and returns the operation to measure. */
    Operation prepare(Fixtures fixtures, int concurrency, Pace pace) throws Exception;
}
