package org.stratus.bench.load;

/** One request (or a short fixed sequence) of a workload, run by one worker. */
@FunctionalInterface
public interface Operation {

    /**
     * @param worker 0 .. concurrency-1; a worker runs its operations one after the other
     * @param sequence this worker's operation number, counting on across warm-up and iterations
     * @return payload bytes moved (sent or received), for MB/s
     */
    long run(int worker, long sequence) throws Exception;
}
