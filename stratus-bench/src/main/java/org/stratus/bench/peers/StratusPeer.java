package org.stratus.bench.peers;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stratus as a single node: {@code java -jar stratus-server.jar start --port P --data DIR}, with its embedded
 * PostgreSQL (fsync and synchronous commit on) under {@code DIR/db}, blobs under {@code DIR/blobs}. Default settings
 * but no shutdown drain; JSON logs (one access line per request) to {@code stratus.log} in the work folder.
 *
 * <p>PROPFIND answers getetag (content-based), getlastmodified, getcontentlength, getcontenttype, resourcetype,
 * lockdiscovery, supportedlock and the Nextcloud {@code oc:}/{@code nc:} properties when asked; Depth infinity is
 * 403. Collection URIs work with or without a trailing '/'; GET of a collection is 405; Overwrite: F is 412.
 *
 * <p>Resource usage counts the JVM and the postmaster with its backends: the postmaster is started by
 * {@code pg_ctl}, so it is not a descendant of the JVM and is listed on its own.
 */
public final class StratusPeer extends ProcessPeer {

    private final List<Long> postmaster = new ArrayList<>();

    public StratusPeer() {
        super("stratus");
    }

    @Override
    public List<String> missingPackages() {
        return List.of(); // a JVM and the jar; PostgreSQL comes from the jar's embedded binaries
    }

    @Override
    public void start(PeerContext context) throws Exception {
        StratusJar stratus = new StratusJar(context);
        Path root = Files.createDirectories(context.workDir().toAbsolutePath());
        Path data = root.resolve("data");
        stratus.addUser(context.credentials(), Map.of(), "--data", data.toString());
        int port = Loopback.freePort();
        serving(filesRoot(port, context.credentials().user()), Optional.of(context.credentials()));
        describe("Stratus (" + stratus.javaVersion() + "), embedded PostgreSQL, filesystem blobs, JSON logs "
                + "with one access line per request to a file");

        long launchedAt = System.nanoTime();
        launch(ServerProcess.start("stratus", stratus.command("start", "--port", String.valueOf(port), "--data",
                data.toString()), root.resolve("stratus.log"), StratusJar.serverEnvironment()));
        awaitReady(launchedAt);
        postmaster.add(StratusJar.postmasterPid(data.resolve("db")));
    }

    static URI filesRoot(int port, String user) {
        return URI.create("http://" + Loopback.HOST + ":" + port + "/remote.php/dav/files/"
                + URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20") + "/");
    }

    @Override
    public List<Long> processIds() {
        List<Long> pids = new ArrayList<>(super.processIds());
        pids.addAll(postmaster);
        return pids;
    }

    /** The server stops its PostgreSQL on SIGTERM; one still running after that (a killed JVM) is stopped here. */
    @Override
    public void close() {
        super.close();
        postmaster.forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> ServerProcess.stop(p, STOP_GRACE)));
        postmaster.clear();
    }
}
