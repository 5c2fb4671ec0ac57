package org.stratus.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stratus.bench.load.Measurement;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The machine-readable report:
 * {@code {"workloads":[{"name","concurrency","results":[{"server","ops_per_s","mb_per_s","p50_ms","p99_ms","errors"}]}]}}
 * with extra fields beside those (spread, p99.9, server CPU and memory), plus the servers, the goals and the
 * physical reference.
 */
public final class JsonReport {

    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonReport() {}

    public static String render(BenchResults results) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("started", results.started().toString());
        root.put("plan", results.plan());
        root.put("machine", results.machine());
        root.put("client", results.client());
        root.put("page_cache_read_mb_per_s", finite(results.pageCacheReadMbPerS()));
        List<Map<String, Object>> servers = new ArrayList<>();
        for (ServerResult server : results.servers()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("server", server.server());
            entry.put("description", server.description());
            entry.put("startup_s", server.skipped() == null ? server.startup().toMillis() / 1000.0 : null);
            entry.put("skipped", server.skipped());
            entry.put("workload_failures", server.workloadFailures());
            servers.add(entry);
        }
        root.put("servers", servers);
        List<Map<String, Object>> workloads = new ArrayList<>();
        for (String workload : results.workloads()) {
            for (int concurrency : results.concurrencies(workload)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", workload);
                entry.put("concurrency", concurrency);
                List<Map<String, Object>> rows = new ArrayList<>();
                for (ServerResult server : results.servers()) {
                    Measurement m = server.skipped() == null ? server.measurement(workload, concurrency) : null;
                    if (m != null) {
                        rows.add(row(server.server(), m));
                    }
                }
                entry.put("results", rows);
                workloads.add(entry);
            }
        }
        root.put("workloads", workloads);
        List<Map<String, Object>> goals = new ArrayList<>();
        for (Goals.Goal goal : Goals.evaluate(results)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("workload", goal.workload());
            entry.put("against", goal.against());
            entry.put("target", goal.target());
            entry.put("lower_is_better", goal.lowerIsBetter());
            entry.put("measured", finite(goal.measured()));
            entry.put("met", goal.met());
            entry.put("note", goal.note());
            goals.add(entry);
        }
        root.put("goals", goals);
        return MAPPER.writeValueAsString(root);
    }

    private static Map<String, Object> row(String server, Measurement m) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("server", server);
        row.put("ops_per_s", round(m.opsPerSecond()));
        row.put("mb_per_s", round(m.megabytesPerSecond()));
        row.put("p50_ms", round(m.percentileMillis(50)));
        row.put("p99_ms", round(m.percentileMillis(99)));
        row.put("errors", m.errors());
        row.put("p999_ms", round(m.percentileMillis(99.9)));
        row.put("ops_per_s_min", round(m.minOpsPerSecond()));
        row.put("ops_per_s_max", round(m.maxOpsPerSecond()));
        row.put("iterations", m.iterations().size());
        row.put("ops", m.ops());
        row.put("server_cpu_ms_per_op", finite(round(m.cpuSecondsPerOp() * 1000)));
        row.put("server_memory_mb", m.memoryBytes() < 0 ? null : round(m.memoryBytes() / 1e6));
        row.put("client_cpu_ms_per_op", finite(round(m.clientCpuSecondsPerOp() * 1000)));
        row.put("first_errors", m.firstErrors());
        return row;
    }

    private static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 1000) / 1000.0;
    }

    private static Double finite(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }
}
