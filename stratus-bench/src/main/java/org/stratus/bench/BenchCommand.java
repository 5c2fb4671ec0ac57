package org.stratus.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.stratus.bench.load.ResourceProbe;
import org.stratus.bench.peers.Commands;
import org.stratus.bench.peers.ExternalPeer;
import org.stratus.bench.peers.PackageInstaller;
import org.stratus.bench.peers.Peer;
import org.stratus.bench.peers.Peers;
import org.stratus.bench.peers.ProcessUsage;
import org.stratus.bench.report.BenchResults;
import org.stratus.bench.report.ChartReport;
import org.stratus.bench.report.JsonReport;
import org.stratus.bench.report.MarkdownReport;
import org.stratus.bench.workloads.Plan;
import org.stratus.bench.workloads.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./stratus bench}: starts each server on loopback in turn, drives the same workloads against each, and
 * writes the report as Markdown (printed too) and JSON.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmark Stratus against Apache mod_dav, nginx dav and rclone serve webdav, measured in one "
                + "run on this machine.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Concurrency 16 only, short iterations, no 10,000-entry folder "
            + "(a few minutes).")
    boolean quick;

    /** The smoke test's plan: tiny iterations, so the test suite checks the bench end to end in seconds. */
    @Option(names = "--smoke", hidden = true)
    boolean smoke;

    @Option(names = "--report", paramLabel = "FILE", description = "Markdown report; the JSON and a PNG chart go "
            + "beside it (default: bench-results/bench-<time>.md).")
    Path report;

    @Option(names = "--servers", split = ",", paramLabel = "NAME",
            description = "Servers to measure, in order (default: ${DEFAULT-VALUE}).",
            defaultValue = "stratus,stratus-ha,apache,apache-noauth,nginx,rclone")
    List<String> servers;

    @Option(names = "--workloads", split = ",", paramLabel = "NAME", description = "Workloads to run (default: "
            + "all of the plan): get-4k, get-1m, get-256m, put-4k, put-1m, put-256m, propfind-1000, "
            + "propfind-10000, etag-poll, move-1000, delete-1000, mixed.")
    List<String> workloads = List.of();

    @Option(names = "--concurrency", split = ",", paramLabel = "N",
            description = "Concurrency levels (default: 16 for --quick, else 1,16,64).")
    List<Integer> concurrency;

    @Option(names = "--server-jar", paramLabel = "JAR", defaultValue = "stratus-server/target/stratus-server.jar",
            description = "The Stratus server jar (default: ${DEFAULT-VALUE}).")
    Path serverJar;

    @Option(names = "--stratus-java", paramLabel = "JAVA_HOME",
            description = "JDK that runs Stratus (default: the newest JDK 21+ under /usr/lib/jvm, else this one).")
    Path stratusJava;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the servers keep their files while measured; each server's folder is removed "
                    + "once it has stopped (default: a new folder under the system temp folder).")
    Path workDir;

    @Option(names = "--no-install", description = "Do not install missing Debian packages even when root.")
    boolean noInstall;

    @Option(names = "--url", paramLabel = "URL",
            description = "Measure a running server instead (its files collection URL); with --user/--password.")
    String url;

    @Option(names = "--user", paramLabel = "NAME", description = "User for --url.")
    String user;

    @Option(names = "--password", paramLabel = "SECRET", description = "Password for --url.", arity = "0..1",
            interactive = true)
    String password;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Plan plan = smoke ? Plan.smoke() : quick ? Plan.quick() : Plan.full();
        if (concurrency != null && !concurrency.isEmpty()) {
            plan = plan.withConcurrencies(concurrency);
        }
        Workloads.select(plan, workloads); // fails fast on an unknown name
        List<Peer> peers = peers();
        if (peers.stream().anyMatch(p -> p.name().startsWith("stratus")) && !Files.isRegularFile(serverJar)) {
            System.err.println("No Stratus server jar at " + serverJar + ": build it with ./mvnw -B -DskipTests package");
            return 2;
        }
        installMissing(peers);
        boolean temporary = workDir == null;
        Path dir = temporary ? Files.createTempDirectory("stratus-bench-") : Files.createDirectories(workDir);
        try {
            BenchRun run = new BenchRun(plan, workloads, dir, new Peer.Credentials("bench", "bench-Secret-4u"),
                    serverJar.toAbsolutePath(), stratusJava != null ? stratusJava : Machine.stratusJavaHome(),
                    peer -> peer.processIds().isEmpty() ? ResourceProbe.NONE : () -> {
                        ProcessUsage.Usage usage = ProcessUsage.sample(peer.processIds());
                        return new ResourceProbe.Snapshot(usage.cpuSeconds(), usage.memoryBytes());
                    }, out);
            double reference = PhysicalReference.pageCacheReadMbPerS(dir);
            BenchResults results = run.run(peers, Machine.describe(), reference);
            write(results, out);
            return 0;
        } finally {
            if (temporary) {
                Commands.removeTree(dir);
            }
        }
    }

    private List<Peer> peers() {
        if (url != null) {
            Optional<Peer.Credentials> credentials = user == null ? Optional.empty()
                    : Optional.of(new Peer.Credentials(user, password == null ? "" : password));
            return List.of(new ExternalPeer("stratus", url, credentials));
        }
        List<Peer> chosen = new ArrayList<>();
        for (String name : servers) {
            chosen.add(Peers.byName(name.trim()));
        }
        return chosen;
    }

    private void installMissing(List<Peer> peers) throws IOException, InterruptedException {
        List<String> missing = PackageInstaller.missing(peers);
        if (missing.isEmpty()) {
            return;
        }
        if (!noInstall && PackageInstaller.canInstall()) {
            System.out.println("Installing " + String.join(" ", missing));
            PackageInstaller.install(missing);
        } else {
            System.out.println("Servers needing packages that are not installed will be skipped. To measure them:\n  "
                    + PackageInstaller.command(missing));
        }
    }

    private void write(BenchResults results, PrintStream out) throws IOException {
        String markdown = MarkdownReport.render(results);
        Path markdownFile = report != null ? report : Path.of("bench-results", "bench-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC)) + ".md");
        Path jsonFile = markdownFile.resolveSibling(markdownFile.getFileName().toString().replaceFirst("\\.md$", "")
                + ".json");
        if (markdownFile.toAbsolutePath().getParent() != null) {
            Files.createDirectories(markdownFile.toAbsolutePath().getParent());
        }
        Files.writeString(markdownFile, markdown, StandardCharsets.UTF_8);
        Files.writeString(jsonFile, JsonReport.render(results), StandardCharsets.UTF_8);
        Path chartFile = markdownFile.resolveSibling(jsonFile.getFileName().toString().replaceFirst("\\.json$", ".png"));
        ChartReport.write(results, chartFile);
        out.println();
        out.println(markdown);
        out.println("Report: " + markdownFile.toAbsolutePath());
        out.println("JSON:   " + jsonFile.toAbsolutePath());
        out.println("Chart:  " + chartFile.toAbsolutePath());
    }
}
