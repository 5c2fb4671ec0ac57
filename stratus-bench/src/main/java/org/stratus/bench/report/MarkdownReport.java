package org.stratus.bench.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.stratus.bench.load.Measurement;

/**
 * The human report: one table per workload and concurrency with every server's figures and Stratus's ratio to
 * each, the goals with their measured ratios, and what ran. The same text is printed and written to the file.
 */
public final class MarkdownReport {

    private MarkdownReport() {}

    public static String render(BenchResults results) {
        StringBuilder out = new StringBuilder();
        out.append("# Stratus benchmark (").append(results.plan()).append(" plan, ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC)
                        .format(results.started()))
                .append(")\n\n");
        out.append("- Machine: ").append(results.machine()).append('\n');
        out.append("- Client: ").append(results.client()).append('\n');
        if (!Double.isNaN(results.pageCacheReadMbPerS())) {
            out.append(fmt("- Physical reference: `dd` of a 256 MiB file from the page cache: %.0f MB/s%n",
                    results.pageCacheReadMbPerS()));
        }
        out.append('\n');
        servers(out, results);
        goals(out, results);
        for (String workload : results.workloads()) {
            for (int concurrency : results.concurrencies(workload)) {
                table(out, results, workload, concurrency);
            }
        }
        return out.toString();
    }

    private static void servers(StringBuilder out, BenchResults results) {
        out.append("## Servers\n\n| server | startup to ready | what ran |\n|---|---:|---|\n");
        for (ServerResult server : results.servers()) {
            if (server.skipped() != null) {
                out.append("| ").append(server.server()).append(" | - | not measured: ").append(server.skipped())
                        .append(" |\n");
            } else {
                out.append(fmt("| %s | %.1f s | %s |%n", server.server(), server.startup().toMillis() / 1000.0,
                        server.description().replace("|", "/")));
                server.workloadFailures().forEach((workload, why) -> out.append("| ").append(server.server())
                        .append(" | - | ").append(workload).append(" failed: ").append(why.replace("|", "/"))
                        .append(" |\n"));
            }
        }
        out.append('\n');
    }

    private static void goals(StringBuilder out, BenchResults results) {
        List<Goals.Goal> goals = Goals.evaluate(results);
        if (goals.isEmpty()) {
            return;
        }
        out.append("## Goals\n\n| workload | stratus against | target | measured | status |\n|---|---|---:|---:|---|\n");
        for (Goals.Goal goal : goals) {
            String target = goal.lowerIsBetter() ? fmt("< %.0f", goal.target()) : fmt(">= %.1fx", goal.target());
            String measured = Double.isNaN(goal.measured()) ? "-"
                    : goal.lowerIsBetter() ? fmt("%.1f", goal.measured()) : fmt("%.2fx", goal.measured());
            out.append(fmt("| %s | %s | %s | %s (%s) | %s |%n", goal.workload(), goal.against(), target, measured,
                    goal.note(), goal.status()));
        }
        out.append('\n');
    }

    private static void table(StringBuilder out, BenchResults results, String workload, int concurrency) {
        Measurement stratus = results.server("stratus").map(s -> s.measurement(workload, concurrency)).orElse(null);
        out.append("## ").append(workload).append(", concurrency ").append(concurrency).append("\n\n");
        out.append("| server | ops/s | spread (min-max) | MB/s | p50 ms | p99 ms | p99.9 ms | errors "
                + "| server CPU ms/op | server memory MB | client CPU ms/op | stratus ÷ server |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ServerResult server : results.servers()) {
            Measurement m = server.skipped() == null ? server.measurement(workload, concurrency) : null;
            if (m == null) {
                continue;
            }
            String ratio = stratus == null || m.opsPerSecond() == 0 ? "-"
                    : fmt("%.2fx", stratus.opsPerSecond() / m.opsPerSecond());
            out.append(fmt("| %s | %s | %s-%s | %.1f | %.2f | %.2f | %.2f | %d | %s | %s | %s | %s |%n", server.server(),
                    number(m.opsPerSecond()), number(m.minOpsPerSecond()), number(m.maxOpsPerSecond()),
                    m.megabytesPerSecond(), m.percentileMillis(50), m.percentileMillis(99), m.percentileMillis(99.9),
                    m.errors(), Double.isNaN(m.cpuSecondsPerOp()) ? "-" : fmt("%.3f", m.cpuSecondsPerOp() * 1000),
                    m.memoryBytes() < 0 ? "-" : fmt("%.0f", m.memoryBytes() / 1e6),
                    Double.isNaN(m.clientCpuSecondsPerOp()) ? "-" : fmt("%.3f", m.clientCpuSecondsPerOp() * 1000),
                    ratio));
        }
        results.servers().forEach(server -> {
            Measurement m = server.skipped() == null ? server.measurement(workload, concurrency) : null;
            if (m != null && !m.firstErrors().isEmpty()) {
                out.append("\n").append(server.server()).append(" errors: ").append(String.join("; ", m.firstErrors()));
            }
        });
        out.append("\n\n");
    }

    private static String number(double value) {
        return value >= 100 ? fmt("%.0f", value) : fmt("%.1f", value);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
