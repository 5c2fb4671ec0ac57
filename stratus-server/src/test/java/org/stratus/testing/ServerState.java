package org.stratus.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a failed request must leave untouched: the user's tree as PROPFIND shows it (the root's entity tag and
 * size change with any write below it, so Depth 1 covers the whole tree) and the files in the data folder's
 * {@code blobs} and {@code tmp}, where a partial or orphaned upload would show.
 */
public record ServerState(String tree, Set<String> blobs, Set<String> temporaries) {

    public static ServerState capture(StratusTestServer server, DavClient client, String user) {
        HttpResponse<String> listing = client.send("PROPFIND", "/remote.php/dav/files/" + user + "/",
                "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:prop>"
                        + "<d:getetag/><d:getcontentlength/><d:getlastmodified/><d:resourcetype/><oc:size/>"
                        + "<oc:fileid/><d:lockdiscovery/></d:prop></d:propfind>",
                "Depth", "1", "Content-Type", "application/xml");
        assertEquals(207, listing.statusCode(), listing::body);
        return new ServerState(listing.body(), files(server.dataDir().resolve("blobs")),
                files(server.dataDir().resolve("tmp")));
    }

    public static ServerState captureAdmin(StratusTestServer server, DavClient admin) {
        return capture(server, admin, StratusTestServer.ADMIN);
    }

    /** Asserts that {@code after} equals this state, naming what differs. */
    public void assertUnchanged(ServerState after) {
        assertEquals(temporaries, after.temporaries, "upload temporaries in the data folder's tmp");
        assertEquals(blobs, after.blobs, "blobs in the data folder");
        assertEquals(tree, after.tree, "the tree as PROPFIND lists it");
    }

    static Set<String> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            Set<String> names = new TreeSet<>();
            walk.filter(Files::isRegularFile).forEach(file -> names.add(dir.relativize(file).toString()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files currently in the data folder's {@code tmp}. */
    public static Set<String> temporaries(StratusTestServer server) {
        return files(server.dataDir().resolve("tmp"));
    }
}
