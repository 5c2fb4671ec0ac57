package org.stratus.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratus.testing.DavClient;
import org.stratus.testing.StratusTestServer;

/** Probes and metrics are public; every other actuator endpoint stays hidden; request ids flow through. */
class OperationsEndpointsTest {

    private static StratusTestServer server;
    private static DavClient anonymous;

    @BeforeAll
    static void start() {
        server = StratusTestServer.start();
        anonymous = new DavClient(server, null, null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void livenessAndReadinessAreUp() {
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            HttpResponse<String> response = anonymous.send("GET", probe);
            assertThat(response.statusCode()).as(probe).isEqualTo(200);
            assertThat(response.body()).as(probe).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void prometheusMetricsAreExposed() {
        HttpResponse<String> response = anonymous.send("GET", "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes", "hikaricp_connections");
    }

    @Test
    void noOtherActuatorEndpointIsReachable() {
        for (String endpoint : new String[] {"/actuator/env", "/actuator/beans", "/actuator/heapdump",
                "/actuator/configprops", "/actuator/loggers", "/actuator/threaddump"}) {
            int status = DavClient.admin(server).send("GET", endpoint).statusCode();
            assertThat(status).as(endpoint).isIn(401, 403, 404);
        }
    }

    @Test
    void requestIdIsEchoedWhenSaneAndGeneratedOtherwise() {
        HttpResponse<String> echoed = anonymous.send("GET", "/status.php", null, "X-Request-Id", "abc-123");
        assertThat(echoed.headers().firstValue("X-Request-Id")).hasValue("abc-123");
        HttpResponse<String> replaced = anonymous.send("GET", "/status.php", null, "X-Request-Id", "bad id <script>");
        assertThat(replaced.headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).matches("[0-9a-f-]{36}"));
        HttpResponse<String> unauthorized = anonymous.send("PROPFIND", "/remote.php/dav/files/admin/", null,
                "X-Request-Id", "trace-401");
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.body()).contains("<s:request-id>trace-401</s:request-id>");
    }
}
