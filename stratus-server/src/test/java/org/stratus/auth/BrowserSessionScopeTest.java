package org.stratus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.stratus.testing.DavClient;
import org.stratus.testing.StratusTestServer;

/**
 * Browser pages keep their session in PostgreSQL; the APIs, which authenticate every request with HTTP Basic,
 * never get a session of either kind (neither Spring Session's nor the container's in-memory one).
 */
final class BrowserSessionScopeTest {

    private static StratusTestServer server;
    private static DavClient admin;

    @BeforeAll
    static void start() {
        server = StratusTestServer.start();
        admin = DavClient.admin(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theLoginPageGetsASessionStoredInPostgresql() throws Exception {
        long before = storedSessions();

        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().allValues("Set-Cookie")).anyMatch(cookie -> cookie.startsWith("SESSION="));
        assertThat(storedSessions()).isEqualTo(before + 1);
    }

    @Test
    void apiRequestsGetNoSessionAndNoCookie() {
        long before = storedSessions();

        assertThat(admin.put("/remote.php/dav/files/admin/s.txt", "x".getBytes(StandardCharsets.UTF_8))
                .headers().allValues("Set-Cookie")).isEmpty();
        assertThat(admin.get("/remote.php/dav/files/admin/s.txt").headers().allValues("Set-Cookie")).isEmpty();
        assertThat(admin.propfind("/remote.php/dav/files/admin/", "1", null).headers().allValues("Set-Cookie"))
                .isEmpty();
        assertThat(admin.send("GET", "/ocs/v2.php/cloud/user?format=json").headers().allValues("Set-Cookie"))
                .isEmpty();
        assertThat(admin.send("GET", "/status.php").headers().allValues("Set-Cookie")).isEmpty();

        assertThat(storedSessions()).isEqualTo(before);
    }

    @Test
    void securityPatternsBecomeServletMappings() {
        assertThat(BrowserSessionScope.servletPattern("/index.php/**")).isEqualTo("/index.php/*");
        assertThat(BrowserSessionScope.servletPattern("/login")).isEqualTo("/login");
        assertThat(BrowserSessionScope.servletPattern("/")).isEqualTo("/");
    }

    private static long storedSessions() {
        return server.bean(JdbcClient.class).sql("SELECT count(*) FROM spring_session").query(Long.class).single();
    }
}
