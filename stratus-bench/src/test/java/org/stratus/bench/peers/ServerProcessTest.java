package org.stratus.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProcessTest {

    @TempDir
    Path work;

    @Test
    void stopEndsTheProcessAndTheDescendantsItLeavesBehind() throws Exception {
        // The shell ignores SIGTERM, so the child outlives nothing: both must end, the shell by SIGKILL.
        ServerProcess process = ServerProcess.start("shell", List.of("sh", "-c",
                "trap '' TERM; sleep 300 & echo started; wait"), work.resolve("shell.log"), Map.of());
        awaitLine(process, "started");
        List<Long> tree = List.copyOf(ProcessUsage.withDescendants(List.of(process.pid())));
        assertThat(tree).hasSizeGreaterThanOrEqualTo(2);

        process.stop(Duration.ofMillis(500));

        assertThat(process.isAlive()).isFalse();
        assertThat(tree).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void aServerThatExitsDuringStartupFailsWithTheEndOfItsLog() throws Exception {
        ServerProcess process = ServerProcess.start("broken", List.of("sh", "-c",
                "echo 'AH00072: make_sock: could not bind to address'; exit 3"), work.resolve("broken.log"), Map.of());
        assertThatThrownBy(() -> Readiness.await(URI.create("http://127.0.0.1:" + Loopback.freePort() + "/"),
                Optional.empty(), List.of(process), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken exited with status 3")
                .hasMessageContaining("could not bind to address");
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithTheEndOfItsLog() throws Exception {
        ServerProcess process = ServerProcess.start("mute", List.of("sh", "-c", "echo listening nowhere; sleep 300"),
                work.resolve("mute.log"), Map.of());
        try {
            awaitLine(process, "listening nowhere");
            assertThatThrownBy(() -> Readiness.await(URI.create("http://127.0.0.1:" + Loopback.freePort() + "/"),
                    Optional.empty(), List.of(process), Duration.ofMillis(300)))
                    .hasMessageContaining("did not answer 207")
                    .hasMessageContaining("listening nowhere");
        } finally {
            process.stop(Duration.ofSeconds(2));
        }
    }

    private static void awaitLine(ServerProcess process, String line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ServerProcess.tail(process.log(), 5).contains(line) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ServerProcess.tail(process.log(), 5)).contains(line);
    }
}
