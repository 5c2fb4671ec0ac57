package org.stratus.bench.peers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Short helper programs (htpasswd, version queries, dpkg-query, the Stratus CLI): run, wait, capture output. */
public final class Commands {

    private Commands() {}

    public record Result(int exitCode, String output) {}

    public static Result run(List<String> command, Map<String, String> environment, String stdin, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        // Output is read to the end before waiting, so a chatty command cannot block on a full pipe.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e.getMessage() + ")";
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            ServerProcess.stop(process.toHandle(), Duration.ofSeconds(2));
            throw new IOException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        try {
            return new Result(process.exitValue(), output.get(5, TimeUnit.SECONDS).strip());
        } catch (ExecutionException | TimeoutException e) {
            return new Result(process.exitValue(), "(output unreadable: " + e + ")");
        }
    }

    /** Runs and returns the output; fails with the output when the exit status is not 0. */
    public static String check(List<String> command, Map<String, String> environment, String stdin, long timeoutSeconds)
            throws IOException, InterruptedException {
        Result result = run(command, environment, stdin, timeoutSeconds);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + result.exitCode() + ": "
                    + result.output());
        }
        return result.output();
    }

    /**
     * Removes a folder tree with {@code rm}: the servers' folders hold tens of thousands of files, some owned by
     * www-data, and the walk in Java is slower.
     */
    public static void removeTree(java.nio.file.Path dir) throws IOException, InterruptedException {
        check(List.of("rm", "-rf", "--one-file-system", dir.toString()), Map.of(), null, 600);
    }

    /** First line a version query prints, or a note when it cannot run. */
    static String version(String... command) {
        try {
            return run(List.of(command), Map.of(), null, 30).output().lines().findFirst().orElse("unknown").strip();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
