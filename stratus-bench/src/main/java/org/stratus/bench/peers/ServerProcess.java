package org.stratus.bench.peers;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One server process started by the bench, its standard output and error appended to a log file. Stopping it also
 * stops its descendants (Apache and nginx workers, PostgreSQL backends): SIGTERM first, SIGKILL after a grace period.
 */
final class ServerProcess {

    private final String label;
    private final Process process;
    private final Path log;

    private ServerProcess(String label, Process process, Path log) {
        this.label = label;
        this.process = process;
        this.log = log;
    }

    static ServerProcess start(String label, List<String> command, Path log, Map<String, String> environment)
            throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        return new ServerProcess(label, builder.start(), log);
    }

    String label() {
        return label;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Fails with the log's tail when the process has already exited (a bad config, a port taken). */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(label + " exited with status " + process.exitValue() + "; last lines of "
                    + log + ":\n" + tail(log, 30));
        }
    }

    void stop(Duration grace) {
        stop(process.toHandle(), grace);
        try {
            process.waitFor(1, TimeUnit.SECONDS); // reaps it, so no <defunct> entry is left behind
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGTERM to the process, then SIGTERM to whatever of its descendants (taken before, since they are re-parented
     * once it dies) outlives it, then SIGKILL to anything still alive after {@code grace}.
     */
    static void stop(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        root.destroy();
        awaitExit(List.of(root), grace);
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
        awaitExit(tree, Duration.ofSeconds(2));
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        awaitExit(tree, Duration.ofSeconds(2));
    }

    private static void awaitExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : processes) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                return; // timed out: the caller escalates
            }
        }
    }

    /** The last {@code lines} lines of a log file, or a note that it cannot be read. */
    static String tail(Path file, int lines) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, 16_384);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
