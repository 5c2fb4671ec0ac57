package org.stratus.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.stratus.bench.peers.Peer.Credentials;
import org.stratus.bench.peers.Peer.PeerContext;

/**
 * Runs the packaged Stratus server as {@code ./stratus} would: {@code java $STRATUS_JAVA_OPTS -jar stratus-server.jar},
 * with the JVM the context names (else the bench's own). Shared by the single-node and the HA peer.
 */
final class StratusJar {

    /**
     * For the one-shot CLI only, never a measured server: C1 alone starts a short-lived JVM with less CPU, which
     * matters on two cores shared with the peers starting next to it.
     */
    private static final String CLIENT_COMPILER_ONLY = "-XX:TieredStopAtLevel=1";

    private final Path java;
    private final Path jar;
    private final List<String> javaOptions;

    StratusJar(PeerContext context) {
        if (context.stratusJar() == null || !Files.isRegularFile(context.stratusJar())) {
            throw new IllegalArgumentException("Stratus jar not found: " + context.stratusJar()
                    + " (build it with ./mvnw -B -DskipTests -pl stratus-server package)");
        }
        Path home = context.stratusJavaHome() != null ? context.stratusJavaHome()
                : Path.of(System.getProperty("java.home"));
        this.java = home.resolve("bin/java");
        this.jar = context.stratusJar().toAbsolutePath();
        String options = System.getenv().getOrDefault("STRATUS_JAVA_OPTS", "").strip();
        this.javaOptions = options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    List<String> command(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(javaOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(arguments));
        return command;
    }

    /**
     * Creates the bench user with {@code stratus user add} (password on standard input, as the command reads it)
     * before the server starts, so that the server's measured start-up is a restart on an initialised database, like
     * the other peers' starts on an existing folder. Works for {@code admin} too: the bootstrap then finds it exists.
     */
    void addUser(Credentials credentials, Map<String, String> environment, String... databaseOptions)
            throws IOException, InterruptedException {
        Commands.Result added = Commands.run(userCommand("add", credentials, databaseOptions), environment,
                credentials.password() + "\n", 180);
        if (added.exitCode() == 0) {
            return;
        }
        if (!added.output().contains("already exists")) {
            throw new IOException("stratus user add " + credentials.user() + " failed: " + added.output());
        }
        // A work folder reused from an earlier run: same user, the password of this run.
        Commands.check(userCommand("passwd", credentials, databaseOptions), environment,
                credentials.password() + "\n", 180);
    }

    private List<String> userCommand(String action, Credentials credentials, String... databaseOptions) {
        List<String> command = new ArrayList<>(List.of(java.toString(), CLIENT_COMPILER_ONLY, "-jar", jar.toString(),
                "user", action, credentials.user()));
        command.addAll(List.of(databaseOptions));
        return command;
    }

    /**
     * Environment of a server process: the admin password set (else a generated one is printed in the log), no
     * shutdown drain (nothing balances load away from a bench server; the HA peer's HAProxy checks readiness every
     * second and is stopped first), JSON logs with one access line per request as in production.
     */
    static Map<String, String> serverEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("STRATUS_ADMIN_PASSWORD", UUID.randomUUID().toString());
        environment.put("STRATUS_SHUTDOWN_DRAIN", "0s");
        environment.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        return environment;
    }

    String javaVersion() {
        String line = Commands.version(java.toString(), "-version");
        return line.replace("openjdk version ", "OpenJDK ").replace("\"", "")
                + (javaOptions.isEmpty() ? ", default JVM options" : ", JVM options " + String.join(" ", javaOptions));
    }

    /** PostgreSQL's postmaster process id: the first line of {@code postmaster.pid} in its data folder. */
    static long postmasterPid(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            throw new IOException(pidFile + " is empty");
        }
        return Long.parseLong(lines.get(0).strip());
    }
}
