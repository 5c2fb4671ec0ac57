package org.stratus.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.stratus.bench.load.Measurement;

/**
 * The goals as ratios of Stratus's throughput to a peer's at the same concurrency (16 where measured,
 * else the highest level both ran), checked against the measured figures of this run only.
 */
public final class Goals {

    private Goals() {}

    /**
     * @param measured Stratus ÷ peer (or a latency in ms when {@code lowerIsBetter}), NaN when not measured
     */
    public record Goal(String workload, String against, double target, double measured, boolean lowerIsBetter,
            String note) {
        public boolean met() {
            return !Double.isNaN(measured) && (lowerIsBetter ? measured < target : measured >= target);
        }

        public String status() {
            return Double.isNaN(measured) ? "not measured" : met() ? "met" : "MISSED";
        }
    }

    private record Target(String workload, String against, double ratio) {}

    private static final List<Target> TARGETS = List.of(
            // Against Apache with the same (bcrypt Basic) authentication: 5x on small requests, parity on huge files.
            new Target("get-4k", "apache", 5), new Target("put-4k", "apache", 5),
            new Target("etag-poll", "apache", 5), new Target("propfind-1000", "apache", 5),
            new Target("move-1000", "apache", 5), new Target("delete-1000", "apache", 5),
            new Target("get-256m", "apache", 1), new Target("put-256m", "apache", 1),
            // Against the ceiling of serving files over HTTP on this machine.
            new Target("get-4k", "apache-noauth", 0.5), new Target("etag-poll", "apache-noauth", 0.5),
            new Target("get-1m", "apache-noauth", 0.8), new Target("get-256m", "apache-noauth", 0.8),
            new Target("put-4k", "apache-noauth", 0.5), new Target("put-256m", "apache-noauth", 0.8),
            new Target("propfind-1000", "apache-noauth", 2));

    public static List<Goal> evaluate(BenchResults results) {
        List<Goal> goals = new ArrayList<>();
        Optional<ServerResult> stratus = results.server("stratus");
        for (Target target : TARGETS) {
            Optional<ServerResult> peer = results.server(target.against());
            double ratio = Double.NaN;
            String note = "";
            if (stratus.isPresent() && peer.isPresent()) {
                Integer level = comparableConcurrency(stratus.get(), peer.get(), target.workload());
                if (level != null) {
                    Measurement ours = stratus.get().measurement(target.workload(), level);
                    Measurement theirs = peer.get().measurement(target.workload(), level);
                    ratio = theirs.opsPerSecond() > 0 ? ours.opsPerSecond() / theirs.opsPerSecond() : Double.NaN;
                    note = "c=" + level;
                }
            }
            goals.add(new Goal(target.workload(), target.against(), target.ratio(), ratio, false, note));
        }
        stratus.ifPresent(s -> {
            Measurement listing = s.measurement("propfind-1000", 16);
            if (listing != null) {
                double p99 = listing.percentileMillis(99);
                goals.add(new Goal("propfind-1000", "p99 latency in ms", 50, p99, true, "c=16"));
            }
        });
        return goals;
    }

    private static Integer comparableConcurrency(ServerResult a, ServerResult b, String workload) {
        List<Integer> both = a.concurrencies(workload).stream().filter(b.concurrencies(workload)::contains).toList();
        if (both.isEmpty()) {
            return null;
        }
        return both.contains(16) ? Integer.valueOf(16) : both.get(both.size() - 1);
    }
}
