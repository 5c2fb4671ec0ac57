package org.stratus.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratus.testing.DavClient;
import org.stratus.testing.StratusTestServer;

/**
 * The database goes away and comes back (what a failover looks like from a replica): short outages are ridden out by
 * retries, long ones give 503 with Retry-After and change nothing, and the probes never report the replica dead.
 */
class DatabaseOutageTest {

    private static final String ROOT = "/remote.php/dav/files/admin/";
    private static Path pgData;
    private static int pgPort;
    private static EmbeddedPostgres postgres;
    private static StratusTestServer server;
    private static DavClient dav;

    @BeforeAll
    static void start() throws Exception {
        pgData = Files.createTempDirectory("outage-pg");
        try (ServerSocket socket = new ServerSocket(0)) {
            pgPort = socket.getLocalPort();
        }
        postgres = startPostgres();
        server = StratusTestServer.builder()
                .database("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres")
                .property("stratus.db.retry.window=8s")
                .property("spring.datasource.hikari.connection-timeout=1000")
                .start();
        dav = DavClient.admin(server);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        postgres.close();
    }

    private static EmbeddedPostgres startPostgres() throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(pgPort)
                .setServerConfig("listen_addresses", "127.0.0.1").setPGStartupWait(Duration.ofSeconds(120)).start();
    }

    @Test
    void aShortOutageIsRiddenOutAndALongOneGives503WithNothingChanged() throws Exception {
        assertThat(dav.put(ROOT + "before.txt", "before".getBytes()).statusCode()).isEqualTo(201);

        postgres.close();
        // Long outage: past the retry window the client gets a clean 503, never a 500.
        HttpResponse<String> refused = dav.put(ROOT + "during.txt", "during".getBytes());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("<s:message>").doesNotContain("Exception", "at org.");
        HttpResponse<String> refusedRead = dav.propfind(ROOT, "1", null);
        assertThat(refusedRead.statusCode()).isEqualTo(503);
        // Liveness and readiness say nothing about the database: an outage must not restart every replica.
        DavClient anonymous = new DavClient(server, null, null);
        assertThat(anonymous.send("GET", "/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(anonymous.send("GET", "/actuator/health/readiness").statusCode()).isEqualTo(200);

        // Short outage: the database comes back within the window while a request waits.
        CompletableFuture<HttpResponse<String>> waiting =
                CompletableFuture.supplyAsync(() -> dav.put(ROOT + "retried.txt", "retried".getBytes()));
        Thread.sleep(1500);
        postgres = startPostgres();
        assertThat(waiting.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);

        assertThat(dav.get(ROOT + "retried.txt").body()).isEqualTo("retried".getBytes());
        assertThat(dav.get(ROOT + "before.txt").body()).isEqualTo("before".getBytes());
        assertThat(dav.get(ROOT + "during.txt").statusCode()).isEqualTo(404);
        String metrics = anonymous.send("GET", "/actuator/prometheus").body();
        assertThat(metrics).containsPattern("stratus_db_unavailable_total [1-9]");
        assertThat(metrics).containsPattern("stratus_db_retries_total [1-9]");
    }
}
