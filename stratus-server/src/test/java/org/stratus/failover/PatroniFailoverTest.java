package org.stratus.failover;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.stratus.testing.DavClient;
import org.stratus.testing.StratusTestServer;

/**
 * The database failover acceptance test, with the real components: three etcd members, three Patroni nodes
 * (PostgreSQL 15, synchronous mode) and HAProxy with {@code /primary} checks, all from the files under {@code lab/}.
 * A Stratus server takes a steady WebDAV write load while the leader node dies (kill -9 of Patroni and PostgreSQL).
 * Then every acknowledged write must be there with its exact bytes, no request may have failed with anything but
 * 503, and the numbers are printed (see docs/database-failover.md for measured values).
 *
 * <p>Needs root (PostgreSQL runs as the postgres user) and the Debian packages patroni, etcd-server, haproxy,
 * postgresql-15 and postgresql-client-15; it fails, never skips, without them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatroniFailoverTest {

    private static final int WRITERS = 8;
    /** How long after the kill the load may run at most; the database is usually writable again after ~10 s. */
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);

    /**
     * The multi-host connection: the driver tries each host and keeps the one that accepts writes. hostRecheckSeconds
     * bounds how long it remembers that a host was a replica (default 10 s, which would hide a just-promoted leader
     * that long); connectTimeout bounds the wait for a host that does not answer (default 10 s). Another set can be
     * measured with {@code -Dstratus.failover.multi-host-parameters=targetServerType=primary}.
     */
    static final String MULTI_HOST_PARAMETERS = System.getProperty("stratus.failover.multi-host-parameters",
            "targetServerType=primary&hostRecheckSeconds=2&connectTimeout=3");

    private PatroniLab lab;
    private StratusTestServer server;

    @TempDir
    Path dataDir;

    @BeforeAll
    void startLab() throws IOException {
        Path logDir = Path.of("target", "failover-lab",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath();
        lab = PatroniLab.start(logDir);
        System.out.println("failover lab: logs in " + logDir);
        long start = System.nanoTime();
        lab.up();
        System.out.printf(Locale.ROOT, "failover lab: healthy after %.1f s%n%s%n",
                (System.nanoTime() - start) / 1e9, lab.describe());
    }

    @AfterAll
    void stopLab() {
        try {
            stopServer();
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Test
    @Order(1)
    void leaderKillUnderWriteLoadThroughHaproxyLosesNoAcknowledgedWrite() {
        Report report = failover("haproxy", "haproxy", lab.haproxyJdbcUrl(), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        report.assertPassed();
    }

    @Test
    @Order(2)
    void leaderKillUnderWriteLoadWithMultiHostUrlLosesNoAcknowledgedWrite() {
        // The node killed by the first test comes back (as a replica, rewound if needed) so that there are again
        // three nodes and a synchronous standby to promote.
        for (int node = 0; node < PatroniLab.NODES; node++) {
            if (!lab.nodeProcessAlive(node)) {
                lab.startNode(node);
            }
        }
        long start = System.nanoTime();
        lab.awaitHealthyCluster(Duration.ofSeconds(90));
        System.out.printf(Locale.ROOT, "failover lab: all three nodes back after %.1f s%n%s%n",
                (System.nanoTime() - start) / 1e9, lab.describe());
        Report report = failover("multi-host " + MULTI_HOST_PARAMETERS, "multi-host",
                lab.multiHostJdbcUrl(MULTI_HOST_PARAMETERS), Duration.ofSeconds(3), Duration.ofSeconds(3));
        report.assertPassed();
    }

    /**
     * Starts Stratus on {@code jdbcUrl}, runs the write load for {@code before}, kills the leader, keeps the load
     * going until a write sent after the kill is acknowledged and then for {@code after} (at most
     * {@link #RECOVERY_LIMIT}), and verifies every acknowledged write.
     */
    private Report failover(String mode, String folderName, String jdbcUrl, Duration before, Duration after) {
        server = StratusTestServer.builder().database(jdbcUrl)
                .credentials(lab.stratusUser(), lab.stratusPassword()).dataDir(dataDir).start();
        DavClient dav = DavClient.admin(server);
        String folder = "/remote.php/dav/files/" + StratusTestServer.ADMIN + "/" + folderName + "/";
        assertEquals(201, dav.send("MKCOL", folder).statusCode(), "MKCOL " + folder);

        int oldLeader = lab.leader().orElseThrow(() -> new AssertionError("no leader before the kill"));
        List<Integer> syncStandby = lab.nodesAnswering("/sync");
        try (WriteLoad load = new WriteLoad(server.baseUrl(), folder, StratusTestServer.ADMIN,
                StratusTestServer.ADMIN_PASSWORD, WRITERS)) {
            load.start();
            sleep(before);
            long kill = lab.killNode(oldLeader);
            long deadline = kill + RECOVERY_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<WriteLoad.Outcome> first = load.firstAcknowledgedSentAfter(kill);
                if (first.isPresent() && System.nanoTime() > first.get().endNanos() + after.toNanos()) {
                    break;
                }
                sleep(Duration.ofMillis(100));
            }
            load.stop();
            Optional<WriteLoad.Outcome> recovered = load.firstAcknowledgedSentAfter(kill);
            PatroniLab.await(Duration.ofSeconds(30), "a new leader", () -> lab.leader().isPresent());
            int newLeader = lab.leader().orElseThrow();
            WriteLoad.Verification verification = load.verify(WRITERS);
            Report report = new Report(mode, load.outcomes(), kill, recovered, oldLeader, syncStandby, newLeader,
                    verification, databaseMetrics(dav));
            System.out.println(report.summary());
            System.out.println(lab.describe());
            return report;
        }
    }

    private static String databaseMetrics(DavClient dav) {
        HttpResponse<String> metrics = dav.send("GET", "/actuator/prometheus");
        return metrics.body().lines().filter(line -> line.startsWith("stratus_db_"))
                .collect(Collectors.joining("; "));
    }

    /** What the clients saw during one failover. */
    record Report(String mode, List<WriteLoad.Outcome> outcomes, long killNanos,
            Optional<WriteLoad.Outcome> recovered, int oldLeader, List<Integer> syncStandby, int newLeader,
            WriteLoad.Verification verification, String metrics) {

        long acknowledged() {
            return outcomes.stream().filter(WriteLoad.Outcome::acknowledged).count();
        }

        long count(int status) {
            return outcomes.stream().filter(o -> o.status() == status).count();
        }

        /** Everything that is neither a 2xx nor a 503: other statuses and transport errors. */
        Map<String, Long> unexpected() {
            return WriteLoad.countByStatus(outcomes.stream()
                    .filter(o -> !o.acknowledged() && o.status() != 503).toList());
        }

        long otherServerErrors() {
            return outcomes.stream().filter(o -> o.status() >= 500 && o.status() != 503).count();
        }

        double killToRecoverySeconds() {
            return recovered.map(o -> (o.endNanos() - killNanos) / 1e9).orElse(Double.NaN);
        }

        /** The longest time between two consecutive acknowledgements: the write outage a user saw. */
        double longestGapSeconds() {
            List<Long> ends = outcomes.stream().filter(WriteLoad.Outcome::acknowledged)
                    .map(WriteLoad.Outcome::endNanos).sorted().toList();
            long gap = 0;
            for (int i = 1; i < ends.size(); i++) {
                gap = Math.max(gap, ends.get(i) - ends.get(i - 1));
            }
            return gap / 1e9;
        }

        double slowestRequestSeconds() {
            return outcomes.stream().mapToLong(o -> o.endNanos() - o.startNanos()).max().orElse(0) / 1e9;
        }

        long beforeKill(boolean acknowledged) {
            return outcomes.stream().filter(o -> o.endNanos() < killNanos)
                    .filter(o -> o.acknowledged() == acknowledged).count();
        }

        String summary() {
            return String.format(Locale.ROOT, "FAILOVER RESULT [%s]: requests=%d acknowledged=%d 503=%d "
                    + "other5xx=%d otherErrors=%d lostOrCorrupt=%d failedButApplied=%d failedAndAbsent=%d broken=%d killToFirstAckedWrite=%.1fs "
                    + "longestAckGap=%.1fs slowestRequest=%.1fs leader %s -> %s (sync standby was %s); "
                    + "ackedBeforeKill=%d "
                    + "failedBeforeKill=%d; statuses %s; metrics: %s",
                    mode, outcomes.size(), acknowledged(), count(503), otherServerErrors(),
                    unexpected().values().stream().mapToLong(Long::longValue).sum(),
                    verification.lostOrCorrupt().size(), verification.failedButApplied(),
                    verification.failedAndAbsent(), verification.broken().size(),
                    killToRecoverySeconds(), longestGapSeconds(), slowestRequestSeconds(),
                    PatroniLab.nodeName(oldLeader), PatroniLab.nodeName(newLeader),
                    syncStandby.stream().map(PatroniLab::nodeName).toList(), beforeKill(true),
                    beforeKill(false), WriteLoad.countByStatus(outcomes), metrics);
        }

        void assertPassed() {
            assertAll(mode,
                    () -> assertTrue(beforeKill(true) > 0, "no write was acknowledged before the kill\n"
                            + summary()),
                    () -> assertTrue(recovered.isPresent(), "no write sent after the kill was acknowledged within "
                            + RECOVERY_LIMIT.toSeconds() + " s\n" + summary()),
                    () -> assertNotEquals(oldLeader, newLeader, "the killed node is leader again\n" + summary()),
                    // Synchronous mode: Patroni promotes only the standby that had confirmed every commit.
                    () -> assertEquals(syncStandby, List.of(newLeader), "the new leader is not the node that was "
                            + "the synchronous standby at the kill\n" + summary()),
                    () -> assertEquals(List.of(), verification.lostOrCorrupt().stream().limit(20).toList(),
                            verification.lostOrCorrupt().size() + " acknowledged writes are missing or differ\n"
                                    + summary()),
                    () -> assertEquals(List.of(), verification.broken().stream().limit(20).toList(),
                            verification.broken().size() + " failed writes left a file that is neither absent nor "
                                    + "the bytes sent\n" + summary()),
                    () -> assertEquals(Map.of(), unexpected(),
                            "requests failed with something other than 503 (status or error: count)\n"
                                    + summary()));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
