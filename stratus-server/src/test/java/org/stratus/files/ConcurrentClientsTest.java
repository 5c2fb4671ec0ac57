package org.stratus.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.stratus.testing.DavAssertions;
import org.stratus.testing.DavClient;
import org.stratus.testing.StratusTestServer;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Sixteen clients at once against one server, each doing a fixed number of rounds: its own files (PUT, GET,
 * PROPFIND) and compare-and-swap writes to a few shared files (GET for the entity tag, PUT with If-Match), some of
 * them under a WebDAV lock. Every write must be acknowledged or refused with 412/423, never fail otherwise; no
 * acknowledged write may be lost; every byte of every file must arrive intact; folder sizes and entity tags must
 * add up. The loop is bounded in count, not time, so the verdict does not depend on how fast the machine is.
 */
final class ConcurrentClientsTest {

    private static final int CLIENTS = 16;
    private static final int ROUNDS = 10;
    private static final int MAX_FILE_BYTES = 48 * 1024;
    private static final String ROOT = "/remote.php/dav/files/admin/";
    private static final List<String> SHARED = List.of("shared/a.txt", "shared/b.txt", "shared/c.txt");
    private static final String LOCKINFO = "<?xml version=\"1.0\"?><d:lockinfo xmlns:d=\"DAV:\"><d:lockscope>"
            + "<d:exclusive/></d:lockscope><d:locktype><d:write/></d:locktype></d:lockinfo>";
    private static final String SIZES = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\" "
            + "xmlns:oc=\"http://owncloud.org/ns\"><d:prop><d:getetag/><oc:size/></d:prop></d:propfind>";

    /** An acknowledged compare-and-swap write: it replaced the version tagged {@code ifMatch} by {@code etag}. */
    private record Ack(String path, String ifMatch, String etag, byte[] body) {}

    /** What one client leaves behind: the final content of each of its own files. */
    private record ClientResult(Map<String, byte[]> files) {}

    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger lockedWrites = new AtomicInteger();

    @Test
    void sixteenClientsAtOnceLoseNoAcknowledgedWriteAndCorruptNoByte() throws Exception {
        try (StratusTestServer server = StratusTestServer.start()) {
            DavClient setup = DavClient.admin(server);
            assertEquals(201, setup.send("MKCOL", ROOT + "shared").statusCode());
            Map<String, String> initialEtags = new HashMap<>();
            for (String path : SHARED) {
                HttpResponse<String> put = setup.put(ROOT + path, "initial".getBytes(StandardCharsets.UTF_8));
                assertEquals(201, put.statusCode());
                initialEtags.put(path, put.headers().firstValue("ETag").orElseThrow());
            }
            for (int client = 0; client < CLIENTS; client++) {
                assertEquals(201, setup.send("MKCOL", ROOT + "client-" + client).statusCode());
            }
            Map<String, String> folderEtagsBefore = folderEtags(setup);

            Map<String, byte[]> ownFiles = runClients(server);

            verifySharedFiles(setup, initialEtags);
            verifyOwnFiles(setup, ownFiles);
            verifyFolders(setup, folderEtagsBefore, ownFiles);
            System.out.printf("%d acknowledged shared writes (%d under a lock), %d refused with 412/423%n",
                    acks.size(), lockedWrites.get(), refusals.get());
        }
    }

    @Test
    void readersRacingAReplacingWriterAlwaysGetOneWholeVersion() throws Exception {
        // A write releases the replaced content right after it commits; a GET that looked up the old version
        // just before must still answer with one whole version, never a 200 whose body is missing.
        int readers = CLIENTS - 1;
        int versions = 100;
        try (StratusTestServer server = StratusTestServer.start()) {
            String path = ROOT + "hot.bin";
            Map<String, byte[]> written = new ConcurrentHashMap<>();
            byte[] first = version(0);
            written.put(sha1(first), first);
            assertEquals(201, DavClient.admin(server).put(path, first).statusCode());
            CyclicBarrier start = new CyclicBarrier(readers + 1);
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
            try {
                List<Future<Integer>> tasks = new ArrayList<>();
                tasks.add(pool.submit(() -> {
                    DavClient writer = DavClient.admin(server);
                    start.await(1, TimeUnit.MINUTES);
                    try {
                        for (int v = 1; v <= versions; v++) {
                            byte[] content = version(v);
                            written.put(sha1(content), content);
                            expect(writer.put(path, content), 204, "PUT version " + v);
                        }
                    } finally {
                        writing.set(false);
                    }
                    return versions;
                }));
                for (int r = 0; r < readers; r++) {
                    tasks.add(pool.submit(() -> {
                        DavClient reader = DavClient.admin(server);
                        start.await(1, TimeUnit.MINUTES);
                        int reads = 0;
                        while (writing.get()) {
                            HttpResponse<byte[]> get = reader.get(path);
                            assertEquals(200, get.statusCode(), "GET while the file is being replaced");
                            String sha1 = sha1(get.body());
                            assertTrue(written.containsKey(sha1), "the body is one of the written versions");
                            assertEquals("SHA1:" + sha1, get.headers().firstValue("OC-Checksum").orElse(null),
                                    "the headers describe the version in the body");
                            reads++;
                        }
                        return reads;
                    }));
                }
                int reads = 0;
                for (Future<Integer> task : tasks.subList(1, tasks.size())) {
                    reads += await(task);
                }
                await(tasks.get(0));
                System.out.printf("%d reads during %d replacements%n", reads, versions);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static byte[] version(int number) {
        byte[] content = new byte[8192 + number];
        new Random(number).nextBytes(content);
        return content;
    }

    private static <T> T await(Future<T> task) throws Exception {
        try {
            // A generous cap so that a deadlock fails the test instead of hanging the build.
            return task.get(10, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError assertion) {
                throw assertion;
            }
            throw e;
        }
    }

    private Map<String, byte[]> runClients(StratusTestServer server) throws Exception {
        CyclicBarrier start = new CyclicBarrier(CLIENTS);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<ClientResult>> results = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int id = client;
                results.add(pool.submit(() -> {
                    start.await(1, TimeUnit.MINUTES); // all sixteen begin together
                    return runClient(DavClient.admin(server), id);
                }));
            }
            Map<String, byte[]> files = new HashMap<>();
            for (Future<ClientResult> result : results) {
                files.putAll(await(result).files());
            }
            return files;
        } finally {
            pool.shutdownNow();
        }
    }

    private ClientResult runClient(DavClient dav, int id) {
        Random random = new Random(id); // reproducible content per client
        Map<String, byte[]> files = new HashMap<>();
        String folder = "client-" + id + "/";
        for (int round = 0; round < ROUNDS; round++) {
            // Own files: a new one each round, and every third round a replacement of an older one.
            String path = folder + "file-" + (round % 3 == 2 ? round - 2 : round) + ".bin";
            byte[] content = new byte[random.nextInt(MAX_FILE_BYTES + 1)];
            random.nextBytes(content);
            HttpResponse<String> put = dav.put(ROOT + path, content);
            expect(put, files.containsKey(path) ? 204 : 201, "PUT " + path);
            assertEquals("SHA1:" + sha1(content), put.headers().firstValue("OC-Checksum").orElse(null), path);
            files.put(path, content);

            HttpResponse<byte[]> get = dav.get(ROOT + path);
            assertEquals(200, get.statusCode(), "GET " + path);
            assertArrayEquals(content, get.body(), "content of " + path + " right after its PUT");
            expect(dav.propfind(ROOT + folder, "1", SIZES), 207, "PROPFIND " + folder);

            String shared = SHARED.get((id + round) % SHARED.size());
            if (round % 4 == id % 4) {
                writeUnderLock(dav, shared, id, round);
            } else {
                compareAndSwap(dav, shared, id, round, null);
            }
        }
        return new ClientResult(files);
    }

    /** GET for the current version, then PUT with If-Match on it: acknowledged, or refused with 412/423. */
    private void compareAndSwap(DavClient dav, String path, int id, int round, String lockToken) {
        HttpResponse<byte[]> current = dav.get(ROOT + path);
        assertEquals(200, current.statusCode(), "GET " + path);
        String etag = current.headers().firstValue("ETag").orElseThrow();
        byte[] body = ("client " + id + " round " + round + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = lockToken == null
                ? dav.put(ROOT + path, body, "If-Match", etag)
                : dav.put(ROOT + path, body, "If-Match", etag, "If", "(" + lockToken + ")");
        switch (put.statusCode()) {
            case 204 -> {
                acks.add(new Ack(path, etag, put.headers().firstValue("ETag").orElseThrow(), body));
                if (lockToken != null) {
                    lockedWrites.incrementAndGet();
                }
            }
            case 412, 423 -> {
                DavAssertions.assertDavError(put.statusCode(), put.statusCode() == 412 ? "PreconditionFailed"
                        : "Locked", put);
                refusals.incrementAndGet();
            }
            default -> fail("PUT " + path + " with If-Match answered " + put.statusCode() + ":\n" + put.body());
        }
    }

    /** Takes an exclusive lock (423 when another client holds it), writes with its token, always unlocks. */
    private void writeUnderLock(DavClient dav, String path, int id, int round) {
        HttpResponse<String> lock = dav.send("LOCK", ROOT + path, LOCKINFO, "Content-Type", "application/xml",
                "Depth", "0", "Timeout", "Second-300");
        if (lock.statusCode() == 423) {
            DavAssertions.assertDavError(423, "Locked", lock);
            refusals.incrementAndGet();
            return;
        }
        expect(lock, 200, "LOCK " + path);
        String token = lock.headers().firstValue("Lock-Token").orElseThrow();
        try {
            compareAndSwap(dav, path, id, round, token);
        } finally {
            expect(dav.send("UNLOCK", ROOT + path, null, "Lock-Token", token), 204, "UNLOCK " + path);
        }
    }

    /**
     * Each acknowledged write names the version it replaced (If-Match) and the one it created (its ETag), so the
     * writes to a path must form one chain from the initial version: a version replaced twice would be a lost
     * update, a write outside the chain a lost write. The end of the chain is what the file must hold now.
     */
    private void verifySharedFiles(DavClient dav, Map<String, String> initialEtags) {
        for (String path : SHARED) {
            Map<String, Ack> byPredecessor = new HashMap<>();
            int count = 0;
            for (Ack ack : acks) {
                if (ack.path().equals(path)) {
                    count++;
                    Ack other = byPredecessor.put(ack.ifMatch(), ack);
                    assertNull(other, () -> "two acknowledged writes replaced version " + ack.ifMatch() + " of "
                            + path + ": one of them was lost");
                }
            }
            String version = initialEtags.get(path);
            byte[] expected = "initial".getBytes(StandardCharsets.UTF_8);
            int chained = 0;
            for (Ack next = byPredecessor.get(version); next != null; next = byPredecessor.get(version)) {
                version = next.etag();
                expected = next.body();
                chained++;
            }
            assertEquals(count, chained, "acknowledged writes to " + path + " that are in its version chain");
            HttpResponse<byte[]> current = dav.get(ROOT + path);
            assertEquals(version, current.headers().firstValue("ETag").orElseThrow(), "final version of " + path);
            assertArrayEquals(expected, current.body(), "final content of " + path);
        }
        assertTrue(acks.size() > CLIENTS, "enough writes were acknowledged to prove anything: " + acks.size());
    }

    /** Every byte of every client's own files, by content and by SHA-1 (ours and the server's). */
    private static void verifyOwnFiles(DavClient dav, Map<String, byte[]> files) {
        assertEquals(CLIENTS * (ROUNDS - ROUNDS / 3), files.size(), "own files");
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            HttpResponse<byte[]> get = dav.get(ROOT + file.getKey());
            assertEquals(200, get.statusCode(), file.getKey());
            String sha1 = sha1(file.getValue());
            assertEquals(sha1, sha1(get.body()), "SHA-1 of the bytes read back from " + file.getKey());
            assertEquals("SHA1:" + sha1, get.headers().firstValue("OC-Checksum").orElse(null), file.getKey());
            assertArrayEquals(file.getValue(), get.body(), file.getKey());
        }
    }

    /** Every folder changed its entity tag, and every folder's oc:size is the sum of the files below it. */
    private static void verifyFolders(DavClient dav, Map<String, String> etagsBefore, Map<String, byte[]> files) {
        Map<String, String> etagsAfter = folderEtags(dav);
        for (Map.Entry<String, String> before : etagsBefore.entrySet()) {
            assertNotEquals(before.getValue(), etagsAfter.get(before.getKey()), "entity tag of " + before.getKey());
        }
        Map<String, Long> expected = new HashMap<>();
        long total = 0;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String folder = file.getKey().substring(0, file.getKey().indexOf('/'));
            expected.merge(folder, (long) file.getValue().length, Long::sum);
            total += file.getValue().length;
        }
        for (String path : SHARED) {
            long size = dav.get(ROOT + path).body().length;
            expected.merge("shared", size, Long::sum);
            total += size;
        }
        expected.put("", total);
        Map<String, Long> actual = folderSizes(dav);
        assertEquals(expected, actual, "oc:size of the root and of every folder");
    }

    private static Map<String, String> folderEtags(DavClient dav) {
        Map<String, String> etags = new HashMap<>();
        forEachFolder(dav, (name, response) -> etags.put(name, text(response, DavAssertions.DAV, "getetag")));
        return etags;
    }

    private static Map<String, Long> folderSizes(DavClient dav) {
        Map<String, Long> sizes = new HashMap<>();
        forEachFolder(dav, (name, response) -> sizes.put(name,
                Long.parseLong(text(response, "http://owncloud.org/ns", "size"))));
        return sizes;
    }

    /** Calls back with each folder in the root's Depth 1 listing (the root itself as ""). */
    private static void forEachFolder(DavClient dav, BiConsumer<String, Element> action) {
        HttpResponse<String> listing = dav.propfind(ROOT, "1", SIZES);
        assertEquals(207, listing.statusCode(), listing::body);
        NodeList responses = DavAssertions.parse(listing.body()).getElementsByTagNameNS(DavAssertions.DAV, "response");
        for (int i = 0; i < responses.getLength(); i++) {
            Element response = (Element) responses.item(i);
            String href = text(response, DavAssertions.DAV, "href");
            if (href.endsWith("/")) {
                String name = href.substring(ROOT.length());
                action.accept(name.isEmpty() ? "" : name.substring(0, name.length() - 1), response);
            }
        }
    }

    private static String text(Element parent, String namespace, String localName) {
        return parent.getElementsByTagNameNS(namespace, localName).item(0).getTextContent();
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            fail(what + " answered " + response.statusCode() + " instead of " + status + ":\n" + response.body());
        }
    }

    private static String sha1(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
