package org.stratus.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.stratus.testing.DavClient;
import org.stratus.testing.JarProcess;
import org.stratus.testing.TestDatabase;

/**
 * Three server processes on one PostgreSQL and one shared data folder, as replicas behind a load balancer: any of
 * them serves any request, state lives only in the database and the blob store.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiReplicaIT {

    private static final String ROOT = "/remote.php/dav/files/admin/";
    private static final String PASSWORD = "replica-admin-1";
    private static final Duration JOB_PERIOD = Duration.ofSeconds(1);
    private static final List<JarProcess> replicas = new ArrayList<>();
    private static String dbUrl;

    @BeforeAll
    static void startThreeReplicas() throws Exception {
        dbUrl = TestDatabase.newDatabase();
        Path data = Files.createTempDirectory("replicas");
        Map<String, String> environment = Map.of(
                "STRATUS_ADMIN_PASSWORD", PASSWORD,
                "STRATUS_BLOB_SWEEP_INTERVAL", JOB_PERIOD.toSeconds() + "s",
                "STRATUS_SHUTDOWN_DRAIN", "0s",
                "LOGGING_LEVEL_ORG_STRATUS_ACCESS", "WARN");
        for (int i = 0; i < 3; i++) {
            replicas.add(JarProcess.start(JarProcess.freePort(), data, environment, "--db-url", dbUrl,
                    "--db-user", TestDatabase.user()));
        }
        for (JarProcess replica : replicas) {
            replica.awaitReady();
        }
    }

    @AfterAll
    static void stopReplicas() throws Exception {
        for (JarProcess replica : replicas) {
            replica.close();
        }
    }

    private static DavClient dav(int replica) {
        return new DavClient(replicas.get(replica).baseUrl(), "admin", PASSWORD);
    }

    @Test
    @Order(1)
    void aLockTakenOnOneReplicaIsEnforcedOnTheOthers() {
        assertThat(dav(0).put(ROOT + "locked.txt", "v1".getBytes()).statusCode()).isEqualTo(201);
        HttpResponse<String> lock = dav(0).send("LOCK", ROOT + "locked.txt", "<d:lockinfo xmlns:d=\"DAV:\">"
                + "<d:lockscope><d:exclusive/></d:lockscope><d:locktype><d:write/></d:locktype></d:lockinfo>");
        assertThat(lock.statusCode()).isEqualTo(200);
        String token = lock.headers().firstValue("Lock-Token").orElseThrow();
        assertThat(dav(1).put(ROOT + "locked.txt", "v2".getBytes()).statusCode()).isEqualTo(423);
        assertThat(dav(2).send("DELETE", ROOT + "locked.txt").statusCode()).isEqualTo(423);
        assertThat(dav(1).put(ROOT + "locked.txt", "v2".getBytes(), "If", "(" + token + ")").statusCode())
                .isEqualTo(204);
        assertThat(dav(2).send("UNLOCK", ROOT + "locked.txt", null, "Lock-Token", token).statusCode()).isEqualTo(204);
        assertThat(dav(0).put(ROOT + "locked.txt", "v3".getBytes()).statusCode()).isEqualTo(204);
    }

    @Test
    @Order(2)
    void concurrentMovesOfOneTreeFromTwoReplicasHaveOneWinnerAndNoHalfMovedTree() throws Exception {
        assertThat(dav(0).send("MKCOL", ROOT + "tree").statusCode()).isEqualTo(201);
        for (int i = 0; i < 20; i++) {
            assertThat(dav(i % 3).put(ROOT + "tree/f" + i + ".txt", ("file " + i).getBytes()).statusCode())
                    .isEqualTo(201);
        }
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> dav(0).send("MOVE",
                ROOT + "tree", null, "Destination", replicas.get(0).baseUrl() + ROOT + "moved-a", "Overwrite", "F"));
        CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> dav(1).send("MOVE",
                ROOT + "tree", null, "Destination", replicas.get(1).baseUrl() + ROOT + "moved-b", "Overwrite", "F"));
        int a = first.get(60, TimeUnit.SECONDS).statusCode();
        int b = second.get(60, TimeUnit.SECONDS).statusCode();
        assertThat(List.of(a, b)).as("one MOVE wins").containsOnlyOnce(201);
        int loser = a == 201 ? b : a;
        assertThat(loser).as("the other fails cleanly").isIn(404, 409, 412, 423);
        String winner = a == 201 ? "moved-a" : "moved-b";
        String other = a == 201 ? "moved-b" : "moved-a";
        String listing = dav(2).propfind(ROOT + winner + "/", "1", null).body();
        assertThat(Pattern.compile("<d:response>").matcher(listing).results().count()).isEqualTo(21);
        assertThat(dav(2).propfind(ROOT + other + "/", "0", null).statusCode()).isEqualTo(404);
        assertThat(dav(2).propfind(ROOT + "tree/", "0", null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void theBackgroundJobRunsOncePerPeriodAcrossAllReplicas() throws Exception {
        long before = jobRuns();
        long start = System.nanoTime();
        Thread.sleep(8_000);
        long runs = jobRuns() - before;
        double periods = (System.nanoTime() - start) / (double) JOB_PERIOD.toNanos();
        // Each replica tries every period; one per period wins the lease. Without the lease it would be three.
        assertThat((double) runs).as("runs in %.1f periods", periods).isBetween(periods / 2 - 1, periods * 1.5 + 1);
    }

    @Test
    @Order(4)
    void aBrowserSessionOutlivesTheReplicaThatCreatedIt() throws Exception {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> loginPage = browser.send(HttpRequest.newBuilder(
                URI.create(replicas.get(0).baseUrl() + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loginPage.statusCode()).isEqualTo(200);
        String cookie = sessionCookie(loginPage);
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage.body());
        assertThat(csrf.find()).as(loginPage.body()).isTrue();
        String form = "username=admin&password=" + PASSWORD + "&_csrf=" + csrf.group(1);
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(
                        URI.create(replicas.get(0).baseUrl() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        String session = sessionCookie(login);

        assertThat(home(browser, 1, session)).contains("<strong id=\"user\">admin</strong>");
        replicas.get(0).process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(home(browser, 2, session)).contains("<strong id=\"user\">admin</strong>");
        HttpResponse<String> anonymous = browser.send(HttpRequest.newBuilder(
                URI.create(replicas.get(2).baseUrl() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(302);
    }

    private static String home(HttpClient browser, int replica, String session) throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(
                URI.create(replicas.get(replica).baseUrl() + "/")).header("Cookie", session).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return page.body();
    }

    private static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SESSION="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
    }

    private static long jobRuns() throws Exception {
        try (Connection connection = DriverManager.getConnection(dbUrl, TestDatabase.user(), "");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT coalesce((SELECT runs FROM job_leases WHERE name = 'maintenance'), 0)")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
