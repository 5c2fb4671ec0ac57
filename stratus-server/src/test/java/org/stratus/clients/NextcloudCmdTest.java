package org.stratus.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stratus.testing.DavClient;
import org.stratus.testing.ProcessRunner;
import org.stratus.testing.StratusTestServer;

/**
 * The official Nextcloud sync client, {@code nextcloudcmd} 3.7 (Debian package nextcloud-desktop-cmd), syncing a
 * folder both ways: the strictest consumer of the Nextcloud protocol (status.php, OCS capabilities and user, PROPFIND
 * with oc: properties, entity tags, file ids, permissions, checksums, X-OC-MTime). Every step is checked against an
 * expected fingerprint on both sides, so a change that is lost, reverted or duplicated as a conflict copy fails.
 */
final class NextcloudCmdTest {

    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(5);
    private static final String XML = "application/xml; charset=utf-8";
    /** The remote folder of the two-way test; each test syncs its own folder so they cannot see each other. */
    private static final String TWO_WAY = "two-way";
    /** The job type in the client's log line for a propagated item, e.g. {@code PropagateUploadFileV1}. */
    private static final Pattern PROPAGATED = Pattern.compile(
            "(?:Completed|Could not complete) propagation of \".*\" by OCC::(\\w+)\\(");

    private static StratusTestServer server;
    private static String nextcloudcmd;
    @TempDir
    static Path home;
    private static DavClient dav;

    @BeforeAll
    static void startServer() {
        nextcloudcmd = ClientSupport.requireProgram("nextcloudcmd", "nextcloud-desktop-cmd");
        server = StratusTestServer.start();
        dav = DavClient.admin(server);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * The client's folder listing (LsColJob) accepts a 207 only if its Content-Type contains this literal string, the
     * spelling of Nextcloud's Sabre server; Tomcat's own spelling ({@code ;charset=}) made every sync fail with
     * "PROPFIND reply is not XML formatted".
     */
    @Test
    void propfindAnswersWithTheLiteralXmlContentTypeTheClientMatches() {
        HttpResponse<String> listing = dav.propfind(server.davRoot(StratusTestServer.ADMIN).getRawPath(), "1", null);
        assertEquals(207, listing.statusCode());
        assertEquals(XML, listing.headers().firstValue("Content-Type").orElse(""));
    }

    /**
     * nextcloudcmd 3.7 sends files over 10 MB as legacy "-chunking-" pieces. Until Stratus implements chunked
     * uploads it must refuse them loudly: storing the first piece made the client believe the upload complete and,
     * on the next sync, rename the user's local file to the piece's name. When chunked uploads exist, this test
     * becomes "a file above the chunk size syncs intact".
     */
    @Test
    void fileAboveTheClientsChunkSizeFailsLoudlyAndStaysIntactOnBothSides(@TempDir Path local) {
        byte[] small = ClientSupport.randomBytes(new Random(11), 5000);
        ClientSupport.writeFile(local, "small.txt", small);
        ClientSupport.writeFile(local, "big.bin", ClientSupport.randomBytes(new Random(12), 11_000_000));
        TreeMap<String, String> localBefore = localTree(local);
        mkcol("big");

        ProcessRunner.Run first = runNextcloudcmd(local, "big");
        assertTrue(!first.timedOut() && first.exitCode() != 0
                && first.output().contains("Chunked uploads (OC-Chunked) are not supported"),
                () -> "the sync should report big.bin as refused, not succeed or fail otherwise\n" + first.describe());
        Map<String, String> serverExpected = Map.of("small.txt", ClientSupport.sha1(small));
        assertEquals(localBefore, localTree(local), "local tree after the first sync");
        assertEquals(serverExpected, serverTree("big"), "server tree after the first sync");

        // The damage used to show on the next sync: the local file renamed to the piece's name.
        ProcessRunner.Run second = runNextcloudcmd(local, "big");
        assertTrue(!second.timedOut(), second::describe);
        assertEquals(localBefore, localTree(local), "local tree after the second sync");
        assertEquals(serverExpected, serverTree("big"), "server tree after the second sync");
    }

    @Test
    void twoWaySyncOfLocalAndRemoteChangesConvergesWithoutConflicts(@TempDir Path local) throws IOException {
        List<String> files = ClientSupport.writeRandomTree(local, 200, new Random(200));
        TreeMap<String, String> expected = localTree(local);
        mkcol(TWO_WAY);

        sync(local);
        assertBothSides(local, expected, "after the initial upload");

        // Local changes: edits, deletions, a deleted folder, renames (detected by inode: MOVE on the server), new files.
        Random random = new Random(201);
        for (int index : new int[] {1, 22, 43, 64, 85, 106}) {
            String path = files.get(index);
            // A different size makes the change visible even within the same second as the previous sync.
            byte[] content = ClientSupport.randomBytes(random, (int) Files.size(local.resolve(path)) + 1
                    + random.nextInt(4096));
            ClientSupport.writeFile(local, path, content);
            expected.put(path, ClientSupport.sha1(content));
        }
        for (int index : new int[] {9, 30, 51, 72, 140}) {
            Files.delete(local.resolve(files.get(index)));
            expected.remove(files.get(index));
        }
        deleteLocalFolder(local, "archive/old stuff");
        removeSubtree(expected, "archive/old stuff");
        moveLocal(local, expected, files.get(15), "Ünïcödé/renamed locally 15.txt");
        moveLocal(local, expected, files.get(36), "docs/moved locally 36.md");
        moveLocal(local, expected, "music/日本語", "music/日本語 renamed");
        for (String path : List.of("new local/ä 1.txt", "new local/deeper/b 2.bin", "docs/new local doc.txt")) {
            byte[] content = ClientSupport.randomBytes(random, 2000 + random.nextInt(50_000));
            ClientSupport.writeFile(local, path, content);
            expected.put(path, ClientSupport.sha1(content));
        }
        expected.put("new local", ClientSupport.FOLDER);
        expected.put("new local/deeper", ClientSupport.FOLDER);

        sync(local);
        assertBothSides(local, expected, "after syncing local changes");

        // Remote changes, made over plain WebDAV as another client would.
        for (int index : new int[] {17, 41, 62, 97, 199}) {
            byte[] content = ClientSupport.randomBytes(random, 1000 + random.nextInt(100_000));
            put(TWO_WAY + "/" + files.get(index), content);
            expected.put(files.get(index), ClientSupport.sha1(content));
        }
        for (int index : new int[] {3, 24, 45, 180}) {
            delete(TWO_WAY + "/" + files.get(index));
            expected.remove(files.get(index));
        }
        move(expected, files.get(10), "projects/moved remotely 10.bin");
        move(expected, files.get(20), "x/y/moved into x y 20.txt");
        move(expected, "photos/Été/día 1", "photos/día 1 moved");
        delete(TWO_WAY + "/projects/alpha beta/src/main");
        removeSubtree(expected, "projects/alpha beta/src/main");
        mkcol(TWO_WAY + "/from server");
        expected.put("from server", ClientSupport.FOLDER);
        for (String path : List.of("from server/one.txt", "from server/Ωmega two.bin", "server root file 🎉.txt")) {
            byte[] content = ClientSupport.randomBytes(random, 500 + random.nextInt(20_000));
            put(TWO_WAY + "/" + path, content);
            expected.put(path, ClientSupport.sha1(content));
        }

        sync(local);
        assertBothSides(local, expected, "after syncing remote changes");

        // Converged means stable: one more sync must find nothing to transfer (no re-downloads from unstable tags).
        ProcessRunner.Run idle = sync(local);
        List<String> transfers = idle.output().lines().filter(line -> PROPAGATED.matcher(line).find()).toList();
        assertTrue(transfers.isEmpty(), () -> "a sync of converged trees still propagated:\n"
                + String.join("\n", transfers));
        assertBothSides(local, expected, "after an idle sync");
    }

    /** Runs one sync of the two-way folder; fails on a non-zero exit, a timeout, or any item not propagated. */
    private static ProcessRunner.Run sync(Path local) {
        ProcessRunner.Run run = runNextcloudcmd(local, TWO_WAY);
        if (run.timedOut() || run.exitCode() != 0) {
            fail("nextcloudcmd failed; its warnings:\n" + warnings(run) + "\n\n" + run.describe());
        }
        // The client logs a warning for every item that has an error string, even a successful MKCOL ("Unknown
        // error" is Qt's text for a reply without error); only items that ended in another status failed.
        List<String> failed = run.output().lines()
                .filter(line -> line.contains("Could not complete propagation of"))
                .filter(line -> !line.contains("with status OCC::SyncFileItem::Success "))
                .toList();
        assertTrue(failed.isEmpty(), () -> "nextcloudcmd could not propagate:\n" + String.join("\n", failed)
                + "\n\n" + run.describe());
        System.out.println("nextcloudcmd sync took " + run.elapsed().toMillis() + " ms, propagated: " + run.output()
                .lines().map(PROPAGATED::matcher).filter(Matcher::find).map(m -> m.group(1))
                .collect(Collectors.groupingBy(job -> job, TreeMap::new, Collectors.counting())));
        return run;
    }

    private static ProcessRunner.Run runNextcloudcmd(Path local, String remoteFolder) {
        return ClientSupport.run(home, Map.of("HOME", home.toString()), SYNC_TIMEOUT, List.of(nextcloudcmd,
                "--non-interactive", "-u", StratusTestServer.ADMIN, "-p", StratusTestServer.ADMIN_PASSWORD,
                "--path", "/" + remoteFolder, local.toString(), server.baseUrl()));
    }

    private static String warnings(ProcessRunner.Run run) {
        return run.output().lines().filter(line -> line.contains("[ warning") || line.contains("[ critical")
                || line.contains("[ fatal")).limit(200).collect(Collectors.joining("\n"));
    }

    private static void assertBothSides(Path local, TreeMap<String, String> expected, String when) {
        TreeMap<String, String> localTree = localTree(local);
        TreeMap<String, String> serverTree = serverTree(TWO_WAY);
        for (Map<String, String> tree : List.of(localTree, serverTree)) {
            List<String> conflicts = tree.keySet().stream()
                    .filter(path -> path.contains("conflicted copy") || path.contains("(conflict")).toList();
            assertTrue(conflicts.isEmpty(), () -> "conflict files " + when + ": " + conflicts);
        }
        assertEquals(expected, localTree, "local tree " + when);
        assertEquals(expected, serverTree, "server tree " + when);
    }

    /** The local tree without the client's own journal ({@code .sync_*.db*}) and any hidden file it keeps. */
    private static TreeMap<String, String> localTree(Path local) {
        return ClientSupport.localTree(local, path -> path.substring(path.lastIndexOf('/') + 1).startsWith("."));
    }

    private static void moveLocal(Path local, TreeMap<String, String> expected, String from, String to)
            throws IOException {
        Files.createDirectories(local.resolve(to).getParent());
        Files.move(local.resolve(from), local.resolve(to));
        renameSubtree(expected, from, to);
    }

    private static void deleteLocalFolder(Path local, String folder) throws IOException {
        List<Path> paths;
        try (var walk = Files.walk(local.resolve(folder))) {
            paths = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
        }
        for (Path path : paths) {
            Files.delete(path);
        }
    }

    private static void mkcol(String path) {
        assertEquals(201, dav.send("MKCOL", davPath(path)).statusCode(), () -> "MKCOL " + path);
    }

    private static void put(String path, byte[] content) {
        int status = dav.put(davPath(path), content).statusCode();
        assertTrue(status == 201 || status == 204, () -> "PUT " + path + " -> " + status);
    }

    private static void delete(String path) {
        assertEquals(204, dav.send("DELETE", davPath(path)).statusCode(), () -> "DELETE " + path);
    }

    /** MOVE inside the two-way folder. */
    private static void move(TreeMap<String, String> expected, String from, String to) {
        HttpResponse<String> moved = dav.send("MOVE", davPath(TWO_WAY + "/" + from), null,
                "Destination", server.baseUrl() + davPath(TWO_WAY + "/" + to), "Overwrite", "F");
        assertEquals(201, moved.statusCode(), () -> "MOVE " + from + " -> " + to + ": " + moved.body());
        renameSubtree(expected, from, to);
    }

    private static TreeMap<String, String> serverTree(String folder) {
        return ClientSupport.serverTree(dav, server.davRoot(StratusTestServer.ADMIN)
                .resolve(ClientSupport.encodePath(folder) + "/"));
    }

    private static String davPath(String relative) {
        return server.davRoot(StratusTestServer.ADMIN).getRawPath() + ClientSupport.encodePath(relative);
    }

    private static void renameSubtree(TreeMap<String, String> tree, String from, String to) {
        for (String path : new ArrayList<>(tree.keySet())) {
            if (path.equals(from) || path.startsWith(from + "/")) {
                tree.put(to + path.substring(from.length()), tree.remove(path));
            }
        }
    }

    private static void removeSubtree(TreeMap<String, String> tree, String folder) {
        tree.keySet().removeIf(path -> path.equals(folder) || path.startsWith(folder + "/"));
    }
}
