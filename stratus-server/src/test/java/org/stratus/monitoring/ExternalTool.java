package org.stratus.monitoring;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.stratus.testing.ProcessRunner;

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
        return new ExternalTool(Path.of(ProcessRunner.requireProgram(name, debianPackage)));
    }

    /** Runs the tool in {@code workDir}; stdout and stderr together. Fails the test if it outlives {@code timeout}. */
    Result run(Path workDir, Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        ProcessRunner.Run run = ProcessRunner.run(workDir, Map.of(), timeout, command);
        if (run.timedOut()) {
            return fail(run.describe());
        }
        return new Result(run.exitCode(), run.output());
    }
}
