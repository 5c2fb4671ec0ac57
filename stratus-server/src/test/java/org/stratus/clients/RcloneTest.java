package org.stratus.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stratus.testing.DavClient;
import org.stratus.testing.ProcessRunner;
import org.stratus.testing.StratusTestServer;

/**
 * rclone's WebDAV backend in Nextcloud mode (Debian package rclone): it uploads with X-OC-Mtime, reads SHA-1 from
 * {@code oc:checksums} and moves server-side, so a clean copy / check / sync cycle proves those parts of the
 * protocol with an independent implementation.
 */
final class RcloneTest {

    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);
    private static final String REMOTE = "stratus:tree";
    /** Bounded retries and timeouts: a protocol error must fail the test, not be retried into a pass or a hang. */
    private static final List<String> BOUNDED = List.of("--transfers", "4", "--checkers", "4", "--retries", "1",
            "--low-level-retries", "1", "--timeout", "60s", "--contimeout", "10s", "-v");

    private static StratusTestServer server;
    private static String rclone;
    @TempDir
    static Path home;
    private static Map<String, String> env;

    @BeforeAll
    static void startServer() throws IOException {
        rclone = ClientSupport.requireProgram("rclone", "rclone");
        server = StratusTestServer.start();
        Path config = Files.createFile(home.resolve("rclone.conf"));
        String obscured = ClientSupport.runSuccessfully(home, Map.of(), Duration.ofSeconds(30),
                List.of(rclone, "obscure", StratusTestServer.ADMIN_PASSWORD)).output().strip();
        // The remote lives only in the environment: nothing of the developer's own rclone setup is read or changed.
        env = Map.of("HOME", home.toString(), "RCLONE_CONFIG", config.toString(),
                "RCLONE_CONFIG_STRATUS_TYPE", "webdav",
                "RCLONE_CONFIG_STRATUS_URL", server.davRoot(StratusTestServer.ADMIN).toString(),
                "RCLONE_CONFIG_STRATUS_VENDOR", "nextcloud",
                "RCLONE_CONFIG_STRATUS_USER", StratusTestServer.ADMIN,
                "RCLONE_CONFIG_STRATUS_PASS", obscured);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rcloneCopyCheckModifySyncConvergesToIdenticalTrees(@TempDir Path local) throws IOException {
        List<String> files = ClientSupport.writeRandomTree(local, 300, new Random(300));
        TreeMap<String, String> original = ClientSupport.filesOnly(ClientSupport.localTree(local, path -> false));

        rclone("copy", local.toString(), REMOTE);
        assertIdentical(local, 300);
        assertEquals(original, ClientSupport.filesOnly(serverTree()), "server tree after rclone copy");

        // Change the server side three ways: plain WebDAV PUTs, rclone deletes, rclone server-side moves.
        TreeMap<String, String> expected = new TreeMap<>(original);
        DavClient dav = DavClient.admin(server);
        Random random = new Random(301);
        for (int index : new int[] {3, 50, 101, 202, 297}) {
            String path = files.get(index);
            long oldSize = Files.size(local.resolve(path));
            // A different size, so that the change is visible to rclone's size + modification time comparison.
            byte[] content = ClientSupport.randomBytes(random, (int) oldSize + 1 + random.nextInt(4096));
            var put = dav.put(remotePath(path), content);
            assertEquals(204, put.statusCode(), () -> "PUT " + path + ": " + put.body());
            expected.put(path, ClientSupport.sha1(content));
        }
        for (int index : new int[] {10, 61, 125, 184, 243}) {
            String path = files.get(index);
            rclone("deletefile", REMOTE + "/" + path);
            expected.remove(path);
        }
        Map<String, String> renames = new HashMap<>();
        renames.put(files.get(11), "renamed file ✓ 11.txt");
        renames.put(files.get(31), "docs/moved here – 31.bin");
        renames.put(files.get(0), "Ünïcödé/naïve café/from the root 0.txt");
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            rclone("moveto", REMOTE + "/" + rename.getKey(), REMOTE + "/" + rename.getValue());
            expected.put(rename.getValue(), expected.remove(rename.getKey()));
        }
        // A whole folder with a subfolder, renamed to a non-ASCII name: one MOVE on the server.
        rclone("moveto", REMOTE + "/x/y", REMOTE + "/x/renamed ÿ folder");
        for (String path : new ArrayList<>(expected.keySet())) {
            if (path.startsWith("x/y/")) {
                expected.put("x/renamed ÿ folder/" + path.substring("x/y/".length()), expected.remove(path));
            }
        }
        assertEquals(expected, ClientSupport.filesOnly(serverTree()), "server tree after the remote changes");

        rclone("sync", REMOTE, local.toString());
        assertIdentical(local, expected.size());
        assertEquals(expected, ClientSupport.filesOnly(ClientSupport.localTree(local, path -> false)),
                "local tree after rclone sync");
    }

    /** {@code rclone check} by SHA-1 (from oc:checksums), then again by downloading every file. */
    private static void assertIdentical(Path local, int fileCount) {
        for (List<String> mode : List.of(List.<String>of(), List.of("--download"))) {
            List<String> args = new ArrayList<>(List.of("check", local.toString(), REMOTE));
            args.addAll(mode);
            ProcessRunner.Run check = rclone(args.toArray(String[]::new));
            check.output().lines().filter(line -> line.contains("hash") || line.contains("matching")
                    || line.contains("differences")).forEach(line -> System.out.println("rclone check: " + line));
            assertTrue(check.output().contains(" 0 differences found"), check::describe);
            assertTrue(check.output().contains(" " + fileCount + " matching files"), check::describe);
            if (mode.isEmpty()) {
                // Without a common hash rclone quietly compares sizes only; the SHA-1 comparison is the point here.
                assertTrue(check.output().contains("Using sha1 for hash comparisons"), check::describe);
            }
        }
    }

    private static ProcessRunner.Run rclone(String... args) {
        List<String> command = new ArrayList<>(List.of(rclone));
        command.addAll(List.of(args));
        command.addAll(BOUNDED);
        return ClientSupport.runSuccessfully(home, env, STEP_TIMEOUT, command);
    }

    private static String remotePath(String relative) {
        return server.davRoot(StratusTestServer.ADMIN).getRawPath() + "tree/" + ClientSupport.encodePath(relative);
    }

    private static TreeMap<String, String> serverTree() {
        return ClientSupport.serverTree(DavClient.admin(server),
                server.davRoot(StratusTestServer.ADMIN).resolve("tree/"));
    }
}
