package org.stratus.monitoring;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line validator shipped by a Debian package (promtool, amtool), run as a child process with a timeout.
 * A missing tool fails the test: skipping would let a broken rule or route reach production unnoticed.
 */
final class ExternalTool {

    record Result(int exitCode, String output) {}

    private final Path executable;

    private ExternalTool(Path executable) {
        this.executable = executable;
    }

    /** Finds {@code name} on the PATH, or fails the test naming the Debian package that provides it. */
    static ExternalTool require(String name, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new ExternalTool(candidate);
            }
        }
        return fail(name + " is not on the PATH. Install the Debian package '" + debianPackage
                + "': apt-get install --no-install-recommends " + debianPackage);
    }

    /** Runs the tool in {@code workDir}; stdout and stderr together. Fails the test if it outlives {@code timeout}. */
    Result run(Path workDir, Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        Path output = null;
        try {
            // Output goes to a file, not a pipe: a chatty tool can never block on a full pipe buffer.
            output = Files.createTempFile("stratus-" + executable.getFileName() + "-", ".out");
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return fail(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
