package org.stratus.bench.peers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stratus as a small HA deployment on one machine: one PostgreSQL (the embedded binaries, started here; 127.0.0.1,
 * fsync and synchronous commit on, max_connections 300), three replicas of the server jar sharing that database
 * and one data folder for blobs (the shared-volume layout the configuration reference allows), and HAProxy in HTTP
 * mode in front (round robin, keep-alive, readiness checks; see {@code stratus-ha-haproxy.cfg}).
 *
 * <p>Started when an authenticated PROPFIND through HAProxy answers 207 and HAProxy reports all three replicas UP.
 * Resource usage counts HAProxy, the three JVMs and the postmaster with its backends.
 */
public final class StratusHaPeer extends ProcessPeer {

    static final int REPLICAS = 3;
    private static final String DB_USER = "postgres";
    private static final String TEMPLATE = "stratus-ha-haproxy.cfg";

    private EmbeddedPostgres postgres;
    private Long postmaster;

    public StratusHaPeer() {
        super("stratus-ha");
    }

    @Override
    public List<String> missingPackages() {
        return Packages.missing(List.of("haproxy"));
    }

    @Override
    public void start(PeerContext context) throws Exception {
        StratusJar stratus = new StratusJar(context);
        Path root = Files.createDirectories(context.workDir().toAbsolutePath());
        Path data = root.resolve("data");
        Path pgData = root.resolve("pg");
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(true)
                .setRegisterShutdownHook(true) // a bench killed with ^C must not leave PostgreSQL running
                .setPGStartupWait(Duration.ofSeconds(120))
                .setOverrideWorkingDirectory(root.resolve("pg-binaries").toFile())
                .setPort(Loopback.freePort())
                .setServerConfig("listen_addresses", Loopback.HOST)
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
        postmaster = StratusJar.postmasterPid(pgData);
        String dbUrl = "jdbc:postgresql://" + Loopback.HOST + ":" + postgres.getPort() + "/postgres";
        // zonky's initdb trusts local connections; the password is passed the way a deployment would, in the
        // environment (never on the command line).
        Map<String, String> dbEnvironment = Map.of("STRATUS_DB_PASSWORD", DB_USER);
        stratus.addUser(context.credentials(), dbEnvironment, "--data", data.toString(), "--db-url", dbUrl,
                "--db-user", DB_USER);

        int[] ports = new int[REPLICAS];
        for (int i = 0; i < REPLICAS; i++) {
            ports[i] = Loopback.freePort();
        }
        int front = Loopback.freePort();
        int stats = Loopback.freePort();
        Path config = Files.writeString(root.resolve("haproxy.cfg"), haproxyConfig(front, stats, ports));
        Commands.check(List.of("haproxy", "-c", "-q", "-f", config.toString()), Map.of(), null, 30);
        serving(StratusPeer.filesRoot(front, context.credentials().user()), Optional.of(context.credentials()));
        describe("Stratus x" + REPLICAS + " (" + stratus.javaVersion() + ") behind "
                + Commands.version("haproxy", "-v").replaceAll(" - https.*", "") + " round robin, PostgreSQL "
                + postgresVersion() + " (embedded binaries, fsync on), shared data folder");

        long launchedAt = System.nanoTime();
        Map<String, String> environment = new HashMap<>(StratusJar.serverEnvironment());
        environment.putAll(dbEnvironment);
        for (int i = 0; i < REPLICAS; i++) {
            launch(ServerProcess.start("stratus replica " + (i + 1), stratus.command("start", "--port",
                    String.valueOf(ports[i]), "--data", data.toString(), "--db-url", dbUrl, "--db-user", DB_USER),
                    root.resolve("replica-" + (i + 1) + ".log"), environment));
        }
        // Launched last, so that close() (reverse order) stops it first: no request reaches a stopping replica.
        launch(ServerProcess.start("haproxy", List.of("haproxy", "-db", "-f", config.toString()),
                root.resolve("haproxy.log"), Map.of()));
        awaitReady(launchedAt);
        awaitAllUp(stats, launchedAt);
    }

    private static String haproxyConfig(int front, int stats, int[] replicas) throws IOException {
        String template;
        try (InputStream in = StratusHaPeer.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IOException(TEMPLATE + " missing from the classpath");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        template = template.replace("${FRONT_PORT}", String.valueOf(front))
                .replace("${STATS_PORT}", String.valueOf(stats));
        for (int i = 0; i < replicas.length; i++) {
            template = template.replace("${REPLICA" + (i + 1) + "_PORT}", String.valueOf(replicas[i]));
        }
        return template;
    }

    /** HAProxy may have marked a replica DOWN while it booted; a benchmark on two of three would mislead. */
    private void awaitAllUp(int statsPort, long launchedAt) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + Loopback.HOST + ":" + statsPort
                + "/stats;csv")).timeout(Duration.ofSeconds(5)).build();
        long deadline = launchedAt + STARTUP_TIMEOUT.toNanos();
        String csv = "";
        while (System.nanoTime() < deadline) {
            processes().forEach(ServerProcess::checkAlive);
            csv = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
            long up = csv.lines().filter(l -> l.startsWith("stratus,replica")).map(l -> l.split(",")[17])
                    .filter("UP"::equals).count();
            if (up == REPLICAS) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("HAProxy does not report all " + REPLICAS + " replicas UP:\n" + csv);
    }

    private String postgresVersion() {
        try (var connection = postgres.getPostgresDatabase().getConnection();
                var statement = connection.createStatement();
                var result = statement.executeQuery("SHOW server_version")) {
            return result.next() ? result.getString(1) : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }

    @Override
    public List<Long> processIds() {
        List<Long> pids = new ArrayList<>(super.processIds());
        if (postmaster != null) {
            pids.add(postmaster);
        }
        return pids;
    }

    @Override
    public void close() {
        super.close();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                // pg_ctl stop failed: stop the postmaster ourselves below.
            }
            postgres = null;
        }
        if (postmaster != null) {
            ProcessHandle.of(postmaster).ifPresent(p -> ServerProcess.stop(p, STOP_GRACE));
            postmaster = null;
        }
    }
}
