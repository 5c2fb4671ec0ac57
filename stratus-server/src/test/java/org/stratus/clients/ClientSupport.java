package org.stratus.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.stratus.testing.DavClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.stratus.testing.ProcessRunner;
import org.stratus.testing.ProcessRunner.Run;
import org.w3c.dom.NodeList;

/**
 * What the real-client tests share: running an external program with a hard timeout, building a random file tree,
 * and fingerprinting a local or a server tree so two trees can be compared with one {@code assertEquals}.
 */
final class ClientSupport {

    /** Marks a folder in a tree fingerprint (files map to their SHA-1). */
    static final String FOLDER = "<folder>";

    private ClientSupport() {}

    // ---------------------------------------------------------------- external programs

    /** Fails the test, naming the Debian package, when {@code program} is missing; see {@link ProcessRunner}. */
    static String requireProgram(String program, String debianPackage) {
        return ProcessRunner.requireProgram(program, debianPackage);
    }

    static Run run(Path workDir, Map<String, String> env, Duration timeout, List<String> command) {
        return ProcessRunner.run(workDir, env, timeout, command);
    }

    /** Runs a program and fails the test with its output unless it exits 0 in time. */
    static Run runSuccessfully(Path workDir, Map<String, String> env, Duration timeout, List<String> command) {
        Run run = run(workDir, env, timeout, command);
        if (run.timedOut() || run.exitCode() != 0) {
            fail(run.describe());
        }
        return run;
    }

    // ---------------------------------------------------------------- random trees

    /**
     * Folders of the random tree, nested up to four levels, with spaces and non-ASCII names (precomposed, NFC,
     * as every client sends them).
     */
    private static final List<String> FOLDERS = List.of(
            "docs", "docs/reports 2024", "docs/reports 2024/Q1 final", "photos", "photos/Été", "photos/Été/día 1",
            "music", "music/日本語", "projects", "projects/alpha beta", "projects/alpha beta/src",
            "projects/alpha beta/src/main", "archive", "archive/old stuff", "Ünïcödé", "Ünïcödé/naïve café",
            "x", "x/y", "x/y/z");
    private static final List<String> BASE_NAMES = List.of(
            "report", "Grüße", "notes with spaces", "naïve résumé", "日本語ファイル", "data", "Ωmega", "ÆØÅ æøå",
            "plain", "emoji 🎉");
    private static final List<String> EXTENSIONS = List.of(".txt", ".bin", ".dat", ".md", ".csv");

    /**
     * Writes {@code count} files under {@code root} (the root itself and every folder of {@link #FOLDERS} get files)
     * and returns their paths relative to {@code root}. Sizes are mostly a few KB, some tens to hundreds of KB, a
     * few up to 1 MB, and two are empty; contents are random, so nothing compresses or deduplicates by accident.
     */
    static List<String> writeRandomTree(Path root, int count, Random random) {
        String nameEncoding = System.getProperty("sun.jnu.encoding");
        if (!"UTF-8".equalsIgnoreCase(nameEncoding)) {
            fail("The JVM encodes file names as " + nameEncoding + ", so it cannot write non-ASCII names: run the"
                    + " build in a UTF-8 locale (e.g. LC_ALL=C.UTF-8)");
        }
        List<String> written = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String folder = i % (FOLDERS.size() + 1) == 0 ? "" : FOLDERS.get(i % (FOLDERS.size() + 1) - 1);
            String name = BASE_NAMES.get(i % BASE_NAMES.size()) + " " + i + EXTENSIONS.get(i % EXTENSIONS.size());
            String relative = nfc(folder.isEmpty() ? name : folder + "/" + name);
            int size = i == 7 || i == 113 ? 0 : randomSize(random);
            writeFile(root, relative, randomBytes(random, size));
            written.add(relative);
        }
        return written;
    }

    private static int randomSize(Random random) {
        int bucket = random.nextInt(100);
        if (bucket < 70) {
            return 1024 + random.nextInt(15 * 1024);
        }
        if (bucket < 95) {
            return 16 * 1024 + random.nextInt(200 * 1024);
        }
        return 256 * 1024 + random.nextInt(768 * 1024 + 1);
    }

    static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    static void writeFile(Path root, String relative, byte[] content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String nfc(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC);
    }

    // ---------------------------------------------------------------- tree fingerprints

    /**
     * Every folder and file below {@code root} as relative path to {@link #FOLDER} or the SHA-1 of the content,
     * sorted; paths for which {@code ignore} is true (and everything below them) are left out.
     */
    static TreeMap<String, String> localTree(Path root, Predicate<String> ignore) {
        TreeMap<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (path.equals(root)) {
                    continue;
                }
                String relative = root.relativize(path).toString().replace(File.separatorChar, '/');
                if (ignoredAnywhere(relative, ignore)) {
                    continue;
                }
                tree.put(relative, Files.isDirectory(path) ? FOLDER : sha1(Files.readAllBytes(path)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }

    /** Only the files of a fingerprint: for tools that, like rclone, do not synchronise empty folders. */
    static TreeMap<String, String> filesOnly(Map<String, String> tree) {
        TreeMap<String, String> files = new TreeMap<>();
        tree.forEach((path, hash) -> {
            if (!hash.equals(FOLDER)) {
                files.put(path, hash);
            }
        });
        return files;
    }

    private static boolean ignoredAnywhere(String relative, Predicate<String> ignore) {
        String prefix = "";
        for (String segment : relative.split("/")) {
            prefix = prefix.isEmpty() ? segment : prefix + "/" + segment;
            if (ignore.test(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The same fingerprint for a server folder, read the way a client would: PROPFIND Depth 1 folder by folder,
     * then GET of every file, hashing the bytes actually served. Also checks that the SHA-1 the server advertises
     * in {@code oc:checksums} (which the Nextcloud client trusts) matches those bytes.
     */
    static TreeMap<String, String> serverTree(DavClient dav, URI folderUrl) {
        TreeMap<String, String> tree = new TreeMap<>();
        String rootPath = folderUrl.getRawPath();
        Deque<String> pending = new ArrayDeque<>(List.of(rootPath));
        while (!pending.isEmpty()) {
            String folder = pending.pop();
            var response = dav.propfind(folder, "1", """
                    <?xml version="1.0"?>
                    <d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">
                      <d:prop><d:resourcetype/><oc:checksums/></d:prop>
                    </d:propfind>""");
            assertEquals(207, response.statusCode(), () -> "PROPFIND " + folder + ": " + response.body());
            for (Element entry : elements(parseXml(response.body()).getDocumentElement(), "response")) {
                String href = text(entry, "href");
                String rawPath = URI.create(href).getRawPath();
                if (stripSlash(rawPath).equals(stripSlash(folder))) {
                    continue;
                }
                String relative = stripSlash(URI.create(rawPath).getPath().substring(
                        URI.create(rootPath).getPath().length()));
                if (!elements(entry, "collection").isEmpty()) {
                    tree.put(relative, FOLDER);
                    pending.push(rawPath);
                } else {
                    var download = dav.get(rawPath);
                    assertEquals(200, download.statusCode(), () -> "GET " + rawPath);
                    String sha1 = sha1(download.body());
                    String advertised = text(entry, "checksum");
                    if (!advertised.contains("SHA1:" + sha1)) {
                        fail(relative + ": the server advertises checksums '" + advertised + "' but serves SHA1:"
                                + sha1);
                    }
                    tree.put(relative, sha1);
                }
            }
        }
        return tree;
    }

    /** Percent-encodes a relative path segment by segment, for request URLs. */
    static String encodePath(String relative) {
        StringBuilder out = new StringBuilder();
        for (byte b : relative.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return out.toString();
    }

    static String sha1(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Document parseXml(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("Unparsable multistatus: " + xml, e);
        }
    }

    private static List<Element> elements(Element parent, String localName) {
        NodeList nodes = parent.getElementsByTagNameNS("*", localName);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    private static String text(Element parent, String localName) {
        List<Element> found = elements(parent, localName);
        return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
    }
}
