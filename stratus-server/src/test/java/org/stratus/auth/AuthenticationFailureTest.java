package org.stratus.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stratus.testing.DavAssertions.assertDavError;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stratus.testing.DavAssertions;
import org.stratus.testing.DavClient;
import org.stratus.testing.RawHttp;
import org.stratus.testing.ServerState;
import org.stratus.testing.StratusTestServer;
import org.stratus.users.UserService;

/**
 * Requests without valid credentials get 401 with a Basic challenge, whatever is wrong with them, and see or
 * change nothing; an authenticated user cannot reach another user's files.
 */
final class AuthenticationFailureTest {

    private static final String FILE = "/remote.php/dav/files/admin/private.txt";
    private static final byte[] CONTENT = "private content".getBytes(StandardCharsets.UTF_8);

    private static StratusTestServer server;
    private static DavClient admin;

    @BeforeAll
    static void start() {
        server = StratusTestServer.start();
        admin = DavClient.admin(server);
        server.bean(UserService.class).create("bob", "bob-secret-1", "Bob", -1);
        assertEquals(201, admin.put(FILE, CONTENT).statusCode());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Authorization header values that must all be refused; null sends none. */
    static List<String> badCredentials() {
        List<String> values = new ArrayList<>();
        values.add(null);
        values.add(RawHttp.basic("admin", "wrong-password"));
        values.add(RawHttp.basic("admin", ""));
        values.add(RawHttp.basic("nobody", StratusTestServer.ADMIN_PASSWORD));
        values.add(RawHttp.basic("ADMIN ", StratusTestServer.ADMIN_PASSWORD));
        values.add("Basic " + Base64.getEncoder().encodeToString("admin".getBytes(StandardCharsets.UTF_8)));
        values.add("Basic !!!not-base64!!!");
        values.add("Basic ");
        values.add("Bearer " + StratusTestServer.ADMIN_PASSWORD);
        values.add("Digest username=\"admin\"");
        return values;
    }

    @ParameterizedTest
    @MethodSource("badCredentials")
    void badOrMissingCredentialsGet401WithABasicChallengeAndChangeNothing(String authorization) {
        ServerState before = ServerState.captureAdmin(server, admin);
        List<String> headers = new ArrayList<>(List.of("Content-Length: 6"));
        if (authorization != null) {
            headers.add("Authorization: " + authorization);
        }
        RawHttp raw = new RawHttp(server);

        for (String method : List.of("PUT", "PROPFIND", "GET", "DELETE")) {
            RawHttp.Response response = raw.exchange(method, FILE, headers, "stolen".getBytes());

            assertDavError(401, "NotAuthenticated", response);
            String challenge = response.header("WWW-Authenticate");
            assertNotNull(challenge, method + " must carry a challenge");
            assertTrue(challenge.startsWith("Basic realm=\""), challenge);
            assertFalse(response.text().contains("private"), response::text);
        }

        before.assertUnchanged(ServerState.captureAdmin(server, admin));
        assertArrayEquals(CONTENT, admin.get(FILE).body());
    }

    @Test
    void ocsEndpointsChallengeInTheirOwnFormat() {
        RawHttp.Response response = new RawHttp(server).exchange("GET", "/ocs/v2.php/cloud/user",
                "OCS-APIRequest: true");

        assertEquals(401, response.status(), response::text);
        assertTrue(response.header("WWW-Authenticate").startsWith("Basic realm=\""));
        assertTrue(response.text().contains("<statuscode>401</statuscode>"), response::text);
        DavAssertions.assertNoInternals(response.text());
    }

    @Test
    void anotherUsersFilesAreRefusedWith403() {
        DavClient bob = new DavClient(server, "bob", "bob-secret-1");
        assertEquals(201, bob.put("/remote.php/dav/files/bob/mine.txt", "x".getBytes()).statusCode());
        ServerState before = ServerState.captureAdmin(server, admin);

        var get = bob.get(FILE);
        assertDavError(403, "Forbidden", get.statusCode(), new String(get.body(), StandardCharsets.UTF_8));
        assertDavError(403, "Forbidden", bob.put(FILE, "stolen".getBytes()));
        assertDavError(403, "Forbidden", bob.propfind("/remote.php/dav/files/admin/", "1", null));
        assertDavError(403, "Forbidden", bob.send("DELETE", FILE));
        // Nor can bob copy his way into admin's tree.
        assertDavError(403, "Forbidden", bob.send("COPY", "/remote.php/dav/files/bob/mine.txt", null,
                "Destination", "/remote.php/dav/files/admin/planted.txt"));

        before.assertUnchanged(ServerState.captureAdmin(server, admin));
    }
}
