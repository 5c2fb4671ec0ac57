package org.stratus.bench.report;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stratus.bench.load.Measurement;

/**
 * What one server did in the run: measurements per workload name and concurrency, or why it did not run.
 *
 * @param skipped why the server was not measured (missing packages, failed start); null when it ran
 */
public record ServerResult(String server, String description, Duration startup, String skipped,
        Map<String, Map<Integer, Measurement>> measurements, Map<String, String> workloadFailures) {

    public static ServerResult ran(String server, String description, Duration startup) {
        return new ServerResult(server, description, startup, null, new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    public static ServerResult skipped(String server, String why) {
        return new ServerResult(server, "", Duration.ZERO, why, Map.of(), Map.of());
    }

    public void record(String workload, Measurement measurement) {
        measurements.computeIfAbsent(workload, w -> new LinkedHashMap<>()).put(measurement.concurrency(), measurement);
    }

    public void failed(String workload, String why) {
        workloadFailures.put(workload, why);
    }

    public Measurement measurement(String workload, int concurrency) {
        Map<Integer, Measurement> byConcurrency = measurements.get(workload);
        return byConcurrency == null ? null : byConcurrency.get(concurrency);
    }

    public List<Integer> concurrencies(String workload) {
        Map<Integer, Measurement> byConcurrency = measurements.get(workload);
        return byConcurrency == null ? List.of() : List.copyOf(byConcurrency.keySet());
    }
}
