package org.stratus.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.stratus.testing.DavClient;
import org.stratus.testing.StratusTestServer;
import org.stratus.testing.TestDatabase;

/** First-start bootstrap of the admin user and the instance identity, alone and with replicas racing. */
class AdminBootstrapTest {

    private static final String LOGGING_SYSTEM = "org.springframework.boot.logging.LoggingSystem";
    private static final Pattern OC_ID = Pattern.compile("<oc:id>([^<]+)</oc:id>");

    @Test
    void adminPasswordFromTheEnvironmentIsUsedOnceAndIgnoredWhenAdminExists() throws Exception {
        String db = TestDatabase.newDatabase();
        Path data = Files.createTempDirectory("bootstrap");
        try (StratusTestServer first = StratusTestServer.builder().database(db).dataDir(data).start()) {
            assertThat(DavClient.admin(first).send("PROPFIND", "/remote.php/dav/files/admin/", null, "Depth", "0")
                    .statusCode()).isEqualTo(207);
        }
        try (StratusTestServer second = StratusTestServer.builder().database(db).dataDir(data)
                .property("stratus.admin-password=a-different-password").start()) {
            DavClient oldPassword = DavClient.admin(second);
            DavClient newPassword = new DavClient(second, "admin", "a-different-password");
            assertThat(oldPassword.send("PROPFIND", "/remote.php/dav/files/admin/", null, "Depth", "0").statusCode())
                    .isEqualTo(207);
            assertThat(newPassword.send("PROPFIND", "/remote.php/dav/files/admin/", null, "Depth", "0").statusCode())
                    .isEqualTo(401);
            assertThat(second.bean(UserService.class).list()).extracting(UserAccount::username)
                    .containsExactly("admin");
        }
    }

    @Test
    void threeReplicasStartingAtOnceCreateOneAdminAndShareTheInstanceId() throws Exception {
        String db = TestDatabase.newDatabase();
        Path data = Files.createTempDirectory("bootstrap-race");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<StratusTestServer> replicas = new ArrayList<>();
        // Spring Boot initializes the JVM-wide logging system on every start, which is not safe from three threads
        // at once ("Unable to find Spring Environment in logger context"); real replicas are separate processes
        // (MultiReplicaIT), so here logging stays as it is while the contexts race.
        String loggingSystem = System.setProperty(LOGGING_SYSTEM, "none");
        try {
            List<Future<StratusTestServer>> starting = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                starting.add(pool.submit(() -> StratusTestServer.builder().database(db).dataDir(data).start()));
            }
            for (Future<StratusTestServer> future : starting) {
                replicas.add(future.get());
            }
            assertThat(replicas.get(0).bean(UserService.class).list()).hasSize(1);
            DavClient.admin(replicas.get(0)).put("/remote.php/dav/files/admin/shared.txt", "x".getBytes());
            List<String> ocIds = new ArrayList<>();
            for (StratusTestServer replica : replicas) {
                HttpResponse<String> response = DavClient.admin(replica).propfind(
                        "/remote.php/dav/files/admin/shared.txt", "0",
                        "<d:propfind xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:prop><oc:id/></d:prop>"
                                + "</d:propfind>");
                assertThat(response.statusCode()).isEqualTo(207);
                Matcher matcher = OC_ID.matcher(response.body());
                assertThat(matcher.find()).as(response.body()).isTrue();
                ocIds.add(matcher.group(1));
            }
            assertThat(ocIds).hasSize(3).allMatch(id -> id.equals(ocIds.get(0)));
            assertThat(ocIds.get(0)).matches("\\d{8}oc[a-z0-9]{10}");
        } finally {
            if (loggingSystem == null) {
                System.clearProperty(LOGGING_SYSTEM);
            } else {
                System.setProperty(LOGGING_SYSTEM, loggingSystem);
            }
            replicas.forEach(StratusTestServer::close);
            pool.shutdownNow();
        }
    }
}
