package org.stratus.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program (a real client, a validator, a lab daemon's control tool) with a hard timeout. Output goes
 * to a file rather than a pipe so that a chatty program can never block on a full pipe buffer; on timeout the
 * program and everything it started are killed.
 */
public final class ProcessRunner {

    private ProcessRunner() {}

    /** The outcome of one run; {@code output} is stdout and stderr interleaved. */
    public record Run(List<String> command, int exitCode, boolean timedOut, Duration elapsed, String output) {

        /** A one-paragraph explanation for assertion messages: command, exit code, and the tail of the output. */
        public String describe() {
            String[] lines = output.split("\n", -1);
            int from = Math.max(0, lines.length - 150);
            return "command " + String.join(" ", command) + (timedOut ? " TIMED OUT" : " exited " + exitCode)
                    + " after " + elapsed.toMillis() + " ms; last " + (lines.length - from) + " output lines:\n"
                    + String.join("\n", List.of(lines).subList(from, lines.length));
        }
    }

    /**
     * Fails the test (never skips it) when {@code program} is not on the PATH, naming the Debian package to
     * install: a machine without the real tool must not report its tests as passed.
     */
    public static String requireProgram(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("'" + program + "' is not on the PATH: install the Debian package '" + debianPackage
                + "' (apt-get install --no-install-recommends " + debianPackage + ")");
    }

    /** Runs {@code command} in {@code workDir} with the extra environment {@code env}, within {@code timeout}. */
    public static Run run(Path workDir, Map<String, String> env, Duration timeout, List<String> command) {
        try {
            Path log = Files.createTempFile("stratus-run", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                // Programs and the JVM must agree that file names are UTF-8, whatever locale the build runs in.
                builder.environment().put("LC_ALL", "C.UTF-8");
                builder.environment().putAll(env);
                long start = System.nanoTime();
                Process process = builder.start();
                boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!finished) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                return new Run(List.copyOf(command), finished ? process.exitValue() : -1, !finished, elapsed,
                        Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        }
    }
}
