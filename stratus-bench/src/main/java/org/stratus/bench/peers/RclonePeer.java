package org.stratus.bench.peers;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code rclone serve webdav} over a local folder with rclone's defaults: no VFS cache ({@code --vfs-cache-mode
 * off}, uploads stream straight to the file), directory cache 5 min (rclone is the only writer, so it stays
 * right), HTTP Basic against the same bcrypt htpasswd as Apache and nginx. {@code --config /dev/null}: no remotes
 * are needed and root's own rclone.conf is never read. rclone has no access log short of DEBUG logging every
 * request and its internals, so it logs at the default level (NOTICE) to a file: it does slightly less logging
 * work than the other peers.
 *
 * <p>Quirks: MKCOL of an existing collection answers 201 (not 405); PUT into a missing folder is 404 (not 409);
 * Depth infinity PROPFIND is served; PROPFIND returns getetag (mod time and size, not content) and
 * getcontenttype. Collection URIs work with or without a trailing '/'; COPY/MOVE honour Overwrite: F.
 */
public final class RclonePeer extends ProcessPeer {

    public RclonePeer() {
        super("rclone");
    }

    @Override
    public List<String> missingPackages() {
        return Packages.missing(List.of("rclone", "apache2-utils"));
    }

    @Override
    public void start(PeerContext context) throws Exception {
        Path root = context.workDir().toAbsolutePath();
        Path files = Files.createDirectories(root.resolve("files"));
        Path htpasswd = Htpasswd.write(root.resolve("htpasswd"), context.credentials());
        int port = Loopback.freePort();
        serving(URI.create("http://" + Loopback.HOST + ":" + port + "/"), Optional.of(context.credentials()));
        describe(Commands.version("rclone", "version") + " serve webdav, local folder, default VFS settings "
                + "(no cache), Basic auth bcrypt cost " + Htpasswd.BCRYPT_COST);

        long launchedAt = System.nanoTime();
        launch(ServerProcess.start("rclone", List.of("rclone", "serve", "webdav", files.toString(),
                "--addr", Loopback.HOST + ":" + port, "--htpasswd", htpasswd.toString(),
                "--config", "/dev/null", "--log-file", root.resolve("rclone.log").toString()),
                root.resolve("stdout.log"), Map.of()));
        awaitReady(launchedAt);
    }
}
