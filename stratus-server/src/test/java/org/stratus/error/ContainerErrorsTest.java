package org.stratus.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stratus.testing.DavAssertions.assertDavError;
import static org.stratus.testing.DavAssertions.assertNoInternals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratus.testing.RawHttp;
import org.stratus.testing.StratusTestServer;

/**
 * Failures that Tomcat or Spring detect before or around our code (unparsable URLs, unmapped paths, TRACE, body
 * read errors) are rendered like every other failure: an {@link ErrorCode} in the protocol of the URL, a request
 * id, and no trace of the container.
 */
final class ContainerErrorsTest {

    private static StratusTestServer server;
    private static RawHttp raw;

    @BeforeAll
    static void start() {
        server = StratusTestServer.start();
        raw = new RawHttp(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttp.Response get(String target, String... headers) {
        List<String> all = new ArrayList<>(List.of(headers));
        all.add("Authorization: " + RawHttp.admin());
        return raw.exchange("GET", target, all, new byte[0]);
    }

    @Test
    void urlTomcatRefusesUnderTheDavRootGetsADavErrorWithARequestId() {
        RawHttp.Response response = get("/remote.php/dav/files/admin/a%2fb", "X-Request-Id: trace-me-1");

        assertDavError(400, "BadRequest", response);
        assertTrue(response.text().contains("<s:request-id>trace-me-1</s:request-id>"), response::text);
        assertEquals("trace-me-1", response.header("X-Request-Id"));
        assertNull(response.header("Server"), "no Server header names the container");
    }

    @Test
    void unsupportedTransferCodingGets501ThatSaysSo() {
        RawHttp.Response response = raw.exchange("PUT", "/remote.php/dav/files/admin/x.txt",
                List.of("Authorization: " + RawHttp.admin(), "Transfer-Encoding: gzip"), "abc".getBytes());

        String message = assertDavError(501, "NotImplemented", response);
        assertEquals(ContainerErrorReportValve.UNSUPPORTED_CODING, message);
    }

    @Test
    void urlTomcatRefusesUnderOcsGetsAnOcsError() {
        RawHttp.Response response = get("/ocs/v2.php/cloud/a%00b");

        assertEquals(400, response.status(), response::text);
        assertTrue(response.text().contains("<statuscode>400</statuscode>"), response::text);
        assertNoInternals(response.text());
    }

    @Test
    void unmappedPathGets404ProblemJson() {
        RawHttp.Response response = get("/no/such/page");

        assertEquals(404, response.status(), response::text);
        assertEquals("application/problem+json", response.header("Content-Type"));
        assertTrue(response.text().contains("\"title\":\"NotFound\""), response::text);
        assertTrue(response.text().contains("\"instance\":\"/no/such/page\""), response::text);
        assertNoInternals(response.text());
    }

    @Test
    void unknownOcsEndpointGets404InOcsFormat() {
        RawHttp.Response xml = get("/ocs/v2.php/cloud/nothing-here", "OCS-APIRequest: true");
        RawHttp.Response json = get("/ocs/v2.php/cloud/nothing-here?format=json", "OCS-APIRequest: true");

        assertEquals(404, xml.status(), xml::text);
        assertTrue(xml.text().contains("<statuscode>404</statuscode>"), xml::text);
        assertEquals(404, json.status(), json::text);
        assertTrue(json.text().contains("\"statuscode\":404"), json::text);
    }

    @Test
    void errorPageRequestedDirectlyIsNotFound() {
        RawHttp.Response response = get("/error");

        assertEquals(404, response.status(), response::text);
        assertNotNull(response.header("X-Request-Id"));
        assertNoInternals(response.text());
    }

    @Test
    void traceIsRefusedWith405AsADavError() {
        RawHttp.Response response = raw.exchange("TRACE", "/remote.php/dav/files/admin/", "Authorization: "
                + RawHttp.admin());

        assertDavError(405, "MethodNotAllowed", response);
    }
}
