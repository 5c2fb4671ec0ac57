package org.stratus.failover;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.stratus.testing.ProcessRunner;
import org.stratus.testing.ProcessRunner.Run;

/**
 * The database tier of the HA lab, from the files under {@code lab/} (the single source the lab script uses too):
 * three etcd members, three Patroni nodes running Debian's PostgreSQL 15 as the {@code postgres} user, and HAProxy
 * with {@code /primary} and {@code /replica} checks, all on 127.0.0.1 and on free ports, in a fresh folder.
 * Every wait is bounded; {@link #close()} kills every process it started (and the postmasters Patroni started,
 * which live in their own sessions) even after a failure.
 */
final class PatroniLab implements AutoCloseable {

    static final int NODES = 3;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Path labDir;
    private final Path workDir;
    private final Path logDir;
    private final String superuserPassword = secret();
    private final String stratusPassword = secret();
    private final int[] etcdClientPorts = new int[NODES];
    private final int[] etcdPeerPorts = new int[NODES];
    private final int[] restPorts = new int[NODES];
    private final int[] pgPorts = new int[NODES];
    private final int primaryPort;
    private final int replicaPort;
    private final int statsPort;
    private final List<Process> etcd = new ArrayList<>();
    private final Process[] patroni = new Process[NODES];
    private final List<Long> killedPostgres = new ArrayList<>();
    private Process haproxy;
    private String haproxyProgram;

    private PatroniLab(Path labDir, Path workDir, Path logDir) {
        this.labDir = labDir;
        this.workDir = workDir;
        this.logDir = logDir;
        int[] ports = freePorts(4 * NODES + 3);
        for (int i = 0; i < NODES; i++) {
            etcdClientPorts[i] = ports[i];
            etcdPeerPorts[i] = ports[NODES + i];
            restPorts[i] = ports[2 * NODES + i];
            pgPorts[i] = ports[3 * NODES + i];
        }
        primaryPort = ports[4 * NODES];
        replicaPort = ports[4 * NODES + 1];
        statsPort = ports[4 * NODES + 2];
    }

    /**
     * Checks the programs, renders and validates the configuration, and starts everything; returns once a leader
     * is writable through HAProxy and a synchronous standby is in place. The caller must {@link #close()} it,
     * also when this throws: use it in try-with-resources or close it in {@code @AfterAll}.
     */
    static PatroniLab start(Path logDir) throws IOException {
        for (String[] program : new String[][] {{"etcd", "etcd-server"}, {"patroni", "patroni"},
                {"patronictl", "patroni"}, {"psql", "postgresql-client-15"}, {"setpriv", "util-linux"}}) {
            requireProgram(program[0], program[1]);
        }
        String haproxyProgram = requireProgram("haproxy", "haproxy");
        if (!Files.isExecutable(Path.of("/usr/lib/postgresql/15/bin/postgres"))) {
            fail("PostgreSQL 15 is not installed: apt-get install postgresql-15");
        }
        Path workDir = Files.createTempDirectory("stratus-patroni-lab");
        Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(logDir);
        PatroniLab lab = new PatroniLab(findLabDir(), workDir, logDir);
        lab.haproxyProgram = haproxyProgram;
        return lab;
    }

    /** Starts the etcd members, validates the configs, starts Patroni and HAProxy, creates the stratus database. */
    void up() throws IOException {
        String initialCluster = Stream.iterate(0, i -> i + 1).limit(NODES)
                .map(i -> "etcd" + (i + 1) + "=http://127.0.0.1:" + etcdPeerPorts[i])
                .collect(Collectors.joining(","));
        for (int i = 0; i < NODES; i++) {
            String name = "etcd" + (i + 1);
            etcd.add(launch(name, List.of(labDir.resolve("etcd/etcd-member.sh").toString(), name,
                    String.valueOf(etcdClientPorts[i]), String.valueOf(etcdPeerPorts[i]),
                    workDir.resolve(name).toString(), initialCluster)));
        }
        for (int i = 0; i < NODES; i++) {
            int port = etcdClientPorts[i];
            await(Duration.ofSeconds(30), "etcd member " + (i + 1) + " healthy",
                    () -> httpStatus("GET", "http://127.0.0.1:" + port + "/health") == 200);
        }

        for (int i = 0; i < NODES; i++) {
            Path nodeDir = workDir.resolve(nodeName(i));
            Files.createDirectories(nodeDir);
            Files.setPosixFilePermissions(nodeDir, PosixFilePermissions.fromString("rwx------"));
            chownToPostgres(nodeDir);
            Path config = workDir.resolve(nodeName(i) + ".yml");
            Files.writeString(config, render(labDir.resolve("patroni/patroni.yml.template"), patroniVariables(i)));
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
            chownToPostgres(config);
        }
        validatePatroniConfig(workDir.resolve(nodeName(0) + ".yml"));
        for (int i = 0; i < NODES; i++) {
            startNode(i);
        }

        Path haproxyConfig = workDir.resolve("haproxy-db.cfg");
        Files.writeString(haproxyConfig, render(labDir.resolve("haproxy/haproxy-db.cfg.template"),
                haproxyVariables()));
        validateHaproxyConfig(haproxyConfig);
        haproxy = launch("haproxy", List.of(haproxyProgram, "-db", "-f", haproxyConfig.toString()));

        awaitHealthyCluster(Duration.ofSeconds(90));
        createStratusDatabase();
    }

    // ---------------------------------------------------------------- configuration

    Map<String, String> patroniVariables(int node) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("SCOPE", "stratus");
        variables.put("NAME", nodeName(node));
        variables.put("REST_PORT", String.valueOf(restPorts[node]));
        variables.put("PG_PORT", String.valueOf(pgPorts[node]));
        variables.put("ETCD_HOSTS", Stream.iterate(0, i -> i + 1).limit(NODES)
                .map(i -> "127.0.0.1:" + etcdClientPorts[i]).collect(Collectors.joining(",")));
        variables.put("NODE_DIR", workDir.resolve(nodeName(node)).toString());
        variables.put("SUPERUSER_PASSWORD", superuserPassword);
        variables.put("REPLICATION_PASSWORD", "replication-" + superuserPassword);
        variables.put("REWIND_PASSWORD", "rewind-" + superuserPassword);
        return variables;
    }

    Map<String, String> haproxyVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("PRIMARY_PORT", String.valueOf(primaryPort));
        variables.put("REPLICA_PORT", String.valueOf(replicaPort));
        variables.put("STATS_PORT", String.valueOf(statsPort));
        for (int i = 0; i < NODES; i++) {
            variables.put("NODE" + (i + 1) + "_PG_PORT", String.valueOf(pgPorts[i]));
            variables.put("NODE" + (i + 1) + "_REST_PORT", String.valueOf(restPorts[i]));
        }
        return variables;
    }

    /** Replaces every {@code ${NAME}}; a name without a value is a mistake in the template or the test. */
    static String render(Path template, Map<String, String> variables) throws IOException {
        String text = Files.readString(template, StandardCharsets.UTF_8);
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException(template + " uses ${" + matcher.group(1) + "} which has no value");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * Runs Patroni's own validator on a rendered node configuration (before that node starts: it checks that the
     * ports are free and etcd is reachable). Patroni 3.0.2 refuses a loopback {@code connect_address}, which a
     * one-machine lab cannot avoid; every other complaint fails the test.
     */
    void validatePatroniConfig(Path config) {
        Run run = run(List.of(labDir.resolve("patroni/patroni-node.sh").toString(), "--validate-config",
                config.toString()), Duration.ofSeconds(30));
        List<String> complaints = run.output().lines().filter(line -> !line.isBlank())
                .filter(line -> !line.matches("(restapi|postgresql)\\.connect_address 127\\.0\\.0\\.1:\\d+ didn't "
                        + "pass validation: 'must not contain \"127\\.0\\.0\\.1\", .*"))
                .toList();
        if (!complaints.isEmpty() || run.timedOut()) {
            fail("patroni --validate-config " + config + " (exit " + run.exitCode() + "):\n" + run.output());
        }
    }

    /** {@code haproxy -c -f}: exit 0 (possibly with warnings) or the test fails with HAProxy's messages. */
    void validateHaproxyConfig(Path config) {
        Run run = run(List.of(haproxyProgram, "-c", "-f", config.toString()), Duration.ofSeconds(30));
        if (run.exitCode() != 0) {
            fail("haproxy -c -f " + config + " exited " + run.exitCode() + ":\n" + run.output());
        }
        if (run.output().contains("[WARNING]")) {
            fail("haproxy -c -f " + config + " warns:\n" + run.output());
        }
    }

    private void createStratusDatabase() {
        Run run = run(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "password=" + stratusPassword,
                "-f", labDir.resolve("patroni/stratus-database.sql").toString(),
                "host=127.0.0.1 port=" + primaryPort + " user=postgres dbname=postgres connect_timeout=5"),
                Duration.ofSeconds(30), Map.of("PGPASSWORD", superuserPassword));
        if (run.exitCode() != 0) {
            fail("creating the stratus database failed (exit " + run.exitCode() + "):\n" + run.output());
        }
    }

    // ---------------------------------------------------------------- nodes

    static String nodeName(int node) {
        return "node" + (node + 1);
    }

    void startNode(int node) {
        patroni[node] = launch(nodeName(node), List.of(labDir.resolve("patroni/patroni-node.sh").toString(),
                workDir.resolve(nodeName(node) + ".yml").toString()));
    }

    /**
     * A node dies as a machine would: kill -9 of its Patroni, of the postmaster (which Patroni starts in its own
     * session, so it would otherwise outlive Patroni) and of every PostgreSQL process under it. The processes are
     * found first and then killed in one quick burst; returns {@link System#nanoTime()} right after the last signal,
     * the instant from which nothing of the node runs any more.
     */
    long killNode(int node) {
        List<ProcessHandle> victims = new ArrayList<>();
        Process process = patroni[node];
        if (process != null) {
            victims.add(process.toHandle());
            process.descendants().forEach(victims::add);
        }
        String dataDir = workDir.resolve(nodeName(node)).resolve("data").toString();
        // postmaster.pid outlives a killed postmaster: make sure the pid still belongs to this node's postmaster.
        postmasterPid(node).flatMap(ProcessHandle::of)
                .filter(handle -> handle.info().commandLine().map(line -> line.contains(dataDir)).orElse(false))
                .ifPresent(postmaster -> {
                    victims.add(postmaster);
                    postmaster.children().forEach(victims::add);
                    killedPostgres.add(postmaster.pid());
                });
        victims.forEach(ProcessHandle::destroyForcibly);
        long killed = System.nanoTime();
        if (process != null) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return killed;
    }

    boolean nodeProcessAlive(int node) {
        return patroni[node] != null && patroni[node].isAlive();
    }

    private Optional<Long> postmasterPid(int node) {
        Path pidFile = workDir.resolve(nodeName(node)).resolve("data/postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return Files.readAllLines(pidFile).stream().findFirst().map(String::trim).map(Long::valueOf);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The node whose Patroni answers 200 on /primary: it holds the leader key and runs a writable primary. */
    Optional<Integer> leader() {
        List<Integer> leaders = nodesAnswering("/primary");
        return leaders.size() == 1 ? Optional.of(leaders.get(0)) : Optional.empty();
    }

    List<Integer> nodesAnswering(String endpoint) {
        List<Integer> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            if (httpStatus("OPTIONS", "http://127.0.0.1:" + restPorts[i] + endpoint) == 200) {
                nodes.add(i);
            }
        }
        return nodes;
    }

    /**
     * Waits until every running node is in the cluster: one leader writable through HAProxy's primary port, one
     * synchronous standby, and every other running node a streaming replica.
     */
    void awaitHealthyCluster(Duration limit) {
        int running = (int) Stream.iterate(0, i -> i + 1).limit(NODES).filter(this::nodeProcessAlive).count();
        await(limit, "a leader writable through HAProxy, a synchronous standby and " + (running - 1) + " replicas",
                () -> leader().isPresent() && nodesAnswering("/sync").size() == 1
                        && nodesAnswering("/replica").size() == running - 1 && allReplicasStreaming(running - 1)
                        && writableThroughHaproxy());
    }

    private boolean allReplicasStreaming(int replicas) {
        if (replicas == 0) {
            return true;
        }
        try (Connection connection = superuserConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "select count(*) from pg_stat_replication where state = 'streaming'")) {
            return result.next() && result.getInt(1) == replicas;
        } catch (SQLException e) {
            return false;
        }
    }

    boolean writableThroughHaproxy() {
        try (Connection connection = superuserConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select pg_is_in_recovery()")) {
            return result.next() && !result.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    private Connection superuserConnection() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", superuserPassword);
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres", properties);
    }

    // ---------------------------------------------------------------- what Stratus connects to

    /** Through HAProxy's primary port: always the current leader. */
    String haproxyJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/stratus";
    }

    /** Every node, the driver picking the writable one; {@code parameters} such as {@code targetServerType=primary}. */
    String multiHostJdbcUrl(String parameters) {
        return "jdbc:postgresql://" + Stream.iterate(0, i -> i + 1).limit(NODES)
                .map(i -> "127.0.0.1:" + pgPorts[i]).collect(Collectors.joining(",")) + "/stratus?" + parameters;
    }

    String stratusUser() {
        return "stratus";
    }

    String stratusPassword() {
        return stratusPassword;
    }

    /** {@code patronictl list}, for the test output. */
    String describe() {
        Run run = run(List.of("patronictl", "-c", workDir.resolve("node1.yml").toString(), "list"),
                Duration.ofSeconds(15));
        return run.output();
    }

    Path logDir() {
        return logDir;
    }

    // ---------------------------------------------------------------- processes

    private Process launch(String name, List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(name + ".log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("LC_ALL", "C.UTF-8");
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private Run run(List<String> command, Duration timeout) {
        return run(command, timeout, Map.of());
    }

    private Run run(List<String> command, Duration timeout, Map<String, String> environment) {
        return ProcessRunner.run(workDir, environment, timeout, command);
    }

    /**
     * Kills everything: HAProxy, the Patroni nodes, their postmasters and PostgreSQL processes, the etcd members;
     * then any process left whose command line names this lab's folder. Deletes the folder (the logs stay in
     * {@link #logDir()}).
     */
    @Override
    public void close() {
        if (haproxy != null) {
            haproxy.destroyForcibly();
        }
        for (int i = 0; i < NODES; i++) {
            killNode(i);
        }
        etcd.forEach(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
        // Patroni starts PostgreSQL in a session of its own, and a start already under way when Patroni died
        // still completes: so, twice, kill whatever still runs from this lab's folder.
        String marker = workDir + "/";
        for (int sweep = 0; sweep < 2; sweep++) {
            ProcessHandle.allProcesses()
                    .filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
            if (sweep == 0) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        List<Process> all = new ArrayList<>(etcd);
        all.add(haproxy);
        all.addAll(List.of(patroni));
        for (Process process : all) {
            if (process != null) {
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try {
            await(Duration.ofSeconds(10), "the lab's PostgreSQL processes to exit",
                    () -> killedPostgres.stream().map(ProcessHandle::of)
                            .noneMatch(handle -> handle.map(ProcessHandle::isAlive).orElse(false)));
        } catch (AssertionError e) {
            System.err.println(e.getMessage());
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + workDir + ": " + e);
        }
    }

    // ---------------------------------------------------------------- helpers

    static void await(Duration limit, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static int httpStatus(String method, String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void chownToPostgres(Path path) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return; // not root: Patroni runs as this user (patroni-node.sh), who owns the folder already
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(path, lookup.lookupPrincipalByName("postgres"));
        Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class)
                .setGroup(lookup.lookupPrincipalByGroupName("postgres"));
    }

    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                socket.setReuseAddress(true);
                sockets.add(socket);
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we own
                }
            }
        }
    }

    private static String secret() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Path findLabDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path lab = dir.resolve("lab");
            if (Files.exists(lab.resolve("patroni/patroni.yml.template"))) {
                return lab;
            }
        }
        return fail("no lab/patroni/patroni.yml.template above " + Path.of("").toAbsolutePath());
    }

    /** The program's path (searching the PATH, then /usr/sbin, where Debian puts haproxy) or a test failure. */
    private static String requireProgram(String program, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + File.pathSeparator + "/usr/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program).toString();
            }
        }
        return fail("'" + program + "' is not installed: apt-get install " + debianPackage);
    }
}
