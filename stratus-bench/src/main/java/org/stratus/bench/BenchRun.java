package org.stratus.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.stratus.bench.load.DavHttp;
import org.stratus.bench.load.LoadRunner;
import org.stratus.bench.load.Measurement;
import org.stratus.bench.load.Operation;
import org.stratus.bench.load.Pace;
import org.stratus.bench.load.ResourceProbe;
import org.stratus.bench.peers.Commands;
import org.stratus.bench.peers.Peer;
import org.stratus.bench.peers.Peer.PeerContext;
import org.stratus.bench.report.BenchResults;
import org.stratus.bench.report.ServerResult;
import org.stratus.bench.workloads.ClientWarmup;
import org.stratus.bench.workloads.Fixtures;
import org.stratus.bench.workloads.Plan;
import org.stratus.bench.workloads.Warmup;
import org.stratus.bench.workloads.Workload;
import org.stratus.bench.workloads.Workloads;

/**
 * One benchmark run: the load generator warms itself up first, then each server in turn is started alone on the
 * machine, given fresh fixtures, measured on every workload, and stopped before the next one starts, so that no
 * server competes with another for the two cores.
 */
final class BenchRun {

    private static final int WARMUP_CONCURRENCY = 16;

    private final Plan plan;
    private final List<String> workloadNames;
    private final Path workDir;
    private final Peer.Credentials credentials;
    private final Path stratusJar;
    private final Path stratusJavaHome;
    private final Function<Peer, ResourceProbe> probes;
    private final PrintStream progress;
    private long started = System.nanoTime();

    BenchRun(Plan plan, List<String> workloadNames, Path workDir, Peer.Credentials credentials, Path stratusJar,
            Path stratusJavaHome, Function<Peer, ResourceProbe> probes, PrintStream progress) {
        this.plan = plan;
        this.workloadNames = workloadNames;
        this.workDir = workDir;
        this.credentials = credentials;
        this.stratusJar = stratusJar;
        this.stratusJavaHome = stratusJavaHome;
        this.probes = probes;
        this.progress = progress;
    }

    BenchResults run(List<Peer> peers, String machine, double pageCacheReadMbPerS) throws Exception {
        Instant started = Instant.now();
        this.started = System.nanoTime();
        String clientWarmup = warmUpClient();
        List<ServerResult> servers = new ArrayList<>();
        for (Peer peer : peers) {
            servers.add(measure(peer));
        }
        return new BenchResults(started, plan.name(), machine,
                "Apache HttpClient 5 classic (blocking HTTP/1.1 keep-alive, Basic credentials on every request), "
                        + "closed loop, in a separate JVM on the same cores; warm-up excluded, "
                        + plan.timed().iterations() + " measured iterations; client CPU is its worker threads' alone "
                        + "(JIT and GC excluded), after a warm-up of " + clientWarmup
                        + " against an in-process loopback server",
                servers, pageCacheReadMbPerS);
    }

    /**
     * Compiles the client's own code before the first server is measured, at the plan's highest concurrency; throws
     * when it fails, as the whole run would then measure a cold client. Returns what it did, for the report.
     */
    private String warmUpClient() throws InterruptedException {
        int concurrency = plan.concurrencies().stream().mapToInt(Integer::intValue).max().orElse(1);
        progress.println(elapsed() + " Client warm-up against an in-process loopback server, c=" + concurrency);
        Measurement m = ClientWarmup.run(Optional.of(credentials), concurrency, connections(), plan.clientWarmup());
        double seconds = m.iterations().stream().mapToDouble(Measurement.Iteration::seconds).sum();
        String done = String.format(Locale.ROOT, "%d ops in %.1f s", m.ops(), seconds);
        progress.printf(Locale.ROOT, "%s Client warm-up: %s (worker CPU %.3f ms/op)%n", elapsed(), done,
                m.clientCpuSecondsPerOp() * 1000);
        return done;
    }

    /** Time since the run started, as [mm:ss], so that a reader sees where the minutes go. */
    private String elapsed() {
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        return String.format(Locale.ROOT, "[%02d:%02d]", seconds / 60, seconds % 60);
    }

    private ServerResult measure(Peer peer) throws InterruptedException {
        List<String> missing = peer.missingPackages();
        if (!missing.isEmpty()) {
            String why = "missing packages: apt-get install -y " + String.join(" ", missing);
            progress.println(peer.name() + ": " + why);
            return ServerResult.skipped(peer.name(), why);
        }
        Path peerDir = workDir.resolve(peer.name());
        try (peer) {
            Files.createDirectories(peerDir);
            progress.println(elapsed() + " " + peer.name() + ": starting");
            peer.start(new PeerContext(peerDir, credentials, stratusJar, stratusJavaHome));
            ServerResult result = ServerResult.ran(peer.name(), peer.description(), peer.startupTime());
            progress.printf(Locale.ROOT, "%s %s: ready in %.1f s (%s)%n", elapsed(), peer.name(),
                    peer.startupTime().toMillis() / 1000.0, peer.description());
            ResourceProbe probe = probes.apply(peer);
            try (DavHttp dav = DavHttp.open(peer.filesRoot(), peer.credentials(), connections())) {
                try (Fixtures warmup = new Fixtures(dav, "bench-warmup/")) {
                    Warmup.Outcome warm = Warmup.run(warmup, plan.serverWarmup(), plan.maxServerWarmup(),
                            WARMUP_CONCURRENCY);
                    progress.printf(Locale.ROOT, "%s %s: warmed up in %d rounds, %.0f s (%.0f -> %.0f ops/s%s)%n",
                            elapsed(), peer.name(), warm.rounds(), warm.took().toMillis() / 1000.0,
                            warm.firstOpsPerSecond(), warm.lastOpsPerSecond(),
                            warm.steady() ? ", steady" : ", still climbing at the limit");
                }
                try (Fixtures fixtures = new Fixtures(dav)) {
                    fixtures.reset();
                    for (Workload workload : Workloads.select(plan, workloadNames)) {
                        measureWorkload(peer, workload, fixtures, probe, result);
                    }
                }
            }
            return result;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            progress.println(peer.name() + ": not measured: " + e.getMessage());
            return ServerResult.skipped(peer.name(), "failed: " + e.getMessage());
        } finally {
            removeFiles(peerDir);
        }
    }

    /**
     * The most requests ever in flight on one peer: the warm-up's, the fixtures' setup threads' or the plan's highest
     * concurrency (every workload measures at a subset of the plan's levels).
     */
    private int connections() {
        int planned = plan.concurrencies().stream().mapToInt(Integer::intValue).max().orElse(1);
        return Math.max(planned, Math.max(WARMUP_CONCURRENCY, Fixtures.SETUP_THREADS));
    }

    /**
     * The peer's files go as soon as it has stopped, so the disk holds one server's fixtures at a time. {@code rm}
     * rather than a walk in Java: the folders hold tens of thousands of files, some owned by www-data.
     */
    private void removeFiles(Path peerDir) throws InterruptedException {
        try {
            Process rm = new ProcessBuilder("rm", "-rf", "--one-file-system", peerDir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (rm.waitFor() != 0) {
                progress.println("Could not remove " + peerDir + " entirely");
            }
        } catch (java.io.IOException e) {
            progress.println("Could not remove " + peerDir + ": " + e.getMessage());
        }
    }

    private void measureWorkload(Peer peer, Workload workload, Fixtures fixtures, ResourceProbe probe,
            ServerResult result) throws InterruptedException {
        for (int concurrency : workload.concurrencies(plan)) {
            Pace pace = workload.pace(plan, concurrency);
            try {
                Operation operation = workload.prepare(fixtures, concurrency, pace);
                Measurement m = LoadRunner.run(operation, concurrency, pace, probe);
                result.record(workload.name(), m);
                progress.printf(Locale.ROOT, "%s %-14s %-15s c=%-3d %9.1f ops/s %8.1f MB/s  p50 %7.2f ms  p99 %7.2f ms"
                        + "  errors %d%n", elapsed(), peer.name(), workload.name(), concurrency, m.opsPerSecond(),
                        m.megabytesPerSecond(), m.percentileMillis(50), m.percentileMillis(99), m.errors());
                m.firstErrors().forEach(error -> progress.println("    " + error));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                String why = e.getClass().getSimpleName() + ": " + e.getMessage();
                progress.println(peer.name() + " " + workload.name() + " c=" + concurrency + " failed: " + why);
                result.failed(workload.name() + " c=" + concurrency, why);
            }
        }
    }
}
