package org.stratus.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stratus.testing.ProcessRunner;
import org.stratus.testing.StratusTestServer;

/**
 * The litmus WebDAV compliance suites (Debian package litmus) against a real server. Each suite runs on its own
 * because litmus stops at the first suite that fails, which would hide the results of the later ones.
 */
final class LitmusTest {

    private static final Duration SUITE_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern SUMMARY = Pattern.compile(
            "<- summary for `(\\w+)': of (\\d+) tests run: (\\d+) passed, (\\d+) failed\\.");

    private static StratusTestServer server;
    private static String litmus;

    @BeforeAll
    static void startServer() {
        litmus = ClientSupport.requireProgram("litmus", "litmus");
        server = StratusTestServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "litmus suite {0} runs with no failures")
    @ValueSource(strings = {"basic", "copymove", "props", "locks", "http"})
    void litmusSuiteRunsWithNoFailures(String suite, @TempDir Path workDir) {
        // litmus writes debug.log and child.log into its working folder.
        ProcessRunner.Run run = ClientSupport.run(workDir, Map.of("TESTS", suite), SUITE_TIMEOUT, List.of(
                litmus, server.davRoot(StratusTestServer.ADMIN).toString(), StratusTestServer.ADMIN,
                StratusTestServer.ADMIN_PASSWORD));
        // Warnings do not fail the suite but are worth reading: list them in the test output.
        run.output().lines().filter(line -> line.contains("WARNING"))
                .forEach(line -> System.out.println("litmus " + suite + ": " + line.trim()));

        Matcher summary = SUMMARY.matcher(run.output());
        if (run.timedOut() || !summary.find()) {
            fail("litmus " + suite + " printed no summary\n" + run.describe() + debugLogTail(workDir));
        }
        System.out.println("litmus " + suite + ": " + summary.group());
        int ran = Integer.parseInt(summary.group(2));
        int failed = Integer.parseInt(summary.group(4));
        assertEquals(suite, summary.group(1), run::describe);
        assertTrue(ran > 0, () -> "litmus " + suite + " ran no tests\n" + run.describe());
        assertEquals(0, failed, () -> "litmus " + suite + ": " + failed + " of " + ran + " tests failed\n"
                + run.output() + debugLogTail(workDir));
        assertEquals(0, run.exitCode(), run::describe);
    }

    /** The end of litmus' debug.log: the HTTP exchange of the failing test. */
    private static String debugLogTail(Path workDir) {
        try {
            Path log = workDir.resolve("debug.log");
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return "\n--- last lines of litmus debug.log ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "\n(debug.log unreadable: " + e + ")";
        }
    }
}
