package org.stratus.ocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratus.testing.DavClient;
import org.stratus.testing.StratusTestServer;

/** The discovery endpoints the Nextcloud clients call before any WebDAV request. */
class OcsEndpointsTest {

    private static StratusTestServer server;
    private static DavClient admin;
    private static DavClient anonymous;

    @BeforeAll
    static void start() {
        server = StratusTestServer.start();
        admin = DavClient.admin(server);
        anonymous = new DavClient(server, null, null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void statusIsPublicJsonThatSaysInstalled() {
        HttpResponse<String> response = anonymous.send("GET", "/status.php");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains("\"installed\":true", "\"maintenance\":false", "\"versionstring\":\"");
    }

    @Test
    void publicEndpointsIgnoreWrongCredentials() {
        // nextcloudcmd sends Basic credentials up front; a typo must surface as a login error, not as "server down".
        DavClient wrong = new DavClient(server, "admin", "not-the-password");
        assertThat(wrong.send("GET", "/status.php").statusCode()).isEqualTo(200);
        assertThat(wrong.send("GET", "/ocs/v1.php/cloud/capabilities?format=json").statusCode()).isEqualTo(200);
        assertThat(wrong.send("GET", "/ocs/v1.php/cloud/user?format=json").statusCode()).isEqualTo(401);
    }

    @Test
    void capabilitiesArePublicInJsonAndXmlOnV1AndV2() {
        HttpResponse<String> v1Json = anonymous.send("GET", "/ocs/v1.php/cloud/capabilities?format=json", null,
                "OCS-APIRequest", "true");
        assertThat(v1Json.statusCode()).isEqualTo(200);
        assertThat(v1Json.body()).contains("\"statuscode\":100", "\"checksums\"", "\"SHA1\"", "\"webdav-root\"");
        HttpResponse<String> v2Json = anonymous.send("GET", "/ocs/v2.php/cloud/capabilities", null,
                "OCS-APIRequest", "true", "Accept", "application/json");
        assertThat(v2Json.body()).contains("\"statuscode\":200");
        HttpResponse<String> v1Xml = anonymous.send("GET", "/ocs/v1.php/cloud/capabilities");
        assertThat(v1Xml.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/xml"));
        assertThat(v1Xml.body()).startsWith("<?xml").contains("<statuscode>100</statuscode>",
                "<preferredUploadType>SHA1</preferredUploadType>");
    }

    @Test
    void currentUserNeedsAuthenticationAndReportsQuota() {
        HttpResponse<String> unauthenticated = anonymous.send("GET", "/ocs/v1.php/cloud/user?format=json");
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.body()).contains("\"status\":\"failure\"");
        HttpResponse<String> json = admin.send("GET", "/ocs/v1.php/cloud/user?format=json", null,
                "OCS-APIRequest", "true");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).contains("\"id\":\"admin\"", "\"quota\":{", "\"used\":");
        HttpResponse<String> xml = admin.send("GET", "/ocs/v2.php/cloud/user");
        assertThat(xml.body()).contains("<id>admin</id>", "<statuscode>200</statuscode>");
    }
}
