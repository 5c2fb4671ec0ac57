package org.stratus.bench.peers;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * nginx with its dav module ({@code PUT DELETE MKCOL COPY MOVE}) and {@code ngx_http_dav_ext_module}
 * ({@code PROPFIND OPTIONS}), run in the foreground from a config generated in the work folder: 2 worker processes
 * (the cores) as www-data, 1024 connections each, keep-alive 60 s and 100,000 requests per connection, sendfile, no
 * body limit, request bodies buffered in a temp folder on the same file system as the files (so a PUT ends in a
 * rename), HTTP Basic against the same bcrypt htpasswd as Apache (glibc's crypt accepts {@code $2y$}), access log
 * to a file.
 *
 * <p>Quirks the load generator must respect:
 * <ul>
 *   <li>A collection is a URI ending in '/': MKCOL without it is 409; DELETE of a folder without it is 409; MOVE
 *       and COPY need the source and the Destination both with or both without it (409 otherwise). Sending '/' on
 *       every collection URI works on all peers.
 *   <li>The Destination must name the same host:port as the request (another spelling of loopback is 400).
 *   <li>MOVE and COPY of a file answer 204 even when they created the target (RFC 4918 says 201): count any 2xx
 *       as success. Overwrite: F is honoured (412).
 *   <li>PROPFIND returns a fixed set (displayname, getcontentlength, getlastmodified, resourcetype, lockdiscovery,
 *       supportedlock), whatever the body asks: no getetag, no getcontenttype. Depth infinity is 403.
 *   <li>MKCOL of an existing collection is 405; PUT creates missing parent folders ({@code create_full_put_path}).
 * </ul>
 */
public final class NginxPeer extends ProcessPeer {

    static final int WORKERS = 2;
    private static final Path DAV_EXT = Path.of("/usr/lib/nginx/modules/ngx_http_dav_ext_module.so");

    public NginxPeer() {
        super("nginx");
    }

    @Override
    public List<String> missingPackages() {
        return Packages.missing(List.of("nginx", "libnginx-mod-http-dav-ext", "apache2-utils"));
    }

    @Override
    public void start(PeerContext context) throws Exception {
        Path root = context.workDir().toAbsolutePath();
        Path files = Files.createDirectories(root.resolve("files"));
        Path temp = Files.createDirectories(root.resolve("temp"));
        Files.createDirectories(root.resolve("logs"));
        ServiceAccount.makeReachable(files);
        ServiceAccount.handOver(files, temp);
        Path htpasswd = Htpasswd.write(root.resolve("htpasswd"), context.credentials());
        int port = Loopback.freePort();
        Path config = Files.writeString(root.resolve("nginx.conf"), config(root, files, temp, htpasswd, port));
        serving(URI.create("http://" + Loopback.HOST + ":" + port + "/dav/"), Optional.of(context.credentials()));
        describe(Commands.version("nginx", "-v").replace("nginx version: ", "") + ", dav + dav_ext, "
                + WORKERS + " workers, keep-alive 100k/60 s, sendfile, access log to file, Basic auth bcrypt cost "
                + Htpasswd.BCRYPT_COST);

        long launchedAt = System.nanoTime();
        launch(ServerProcess.start("nginx", List.of("nginx", "-p", root + "/", "-c", config.toString()),
                root.resolve("logs/stdout.log"), Map.of()));
        awaitReady(launchedAt);
    }

    private static String config(Path root, Path files, Path temp, Path htpasswd, int port) {
        List<String> lines = new ArrayList<>();
        lines.add("load_module " + DAV_EXT + ";");
        lines.add("daemon off;");
        lines.addAll(ServiceAccount.when(List.of("user " + ServiceAccount.USER + " " + ServiceAccount.USER + ";")));
        lines.addAll(List.of(
                "worker_processes " + WORKERS + ";",
                "pid " + root.resolve("logs/nginx.pid") + ";",
                "error_log " + root.resolve("logs/error.log") + " warn;",
                "events { worker_connections 1024; }",
                "http {",
                "  include /etc/nginx/mime.types;",
                "  default_type application/octet-stream;",
                "  access_log " + root.resolve("logs/access.log") + " combined;",
                "  sendfile on;",
                "  tcp_nopush on;",
                "  keepalive_timeout 60s;",
                "  keepalive_requests 100000;",
                // Every temp path nginx knows, so it never falls back to /var/lib/nginx (root-owned, shared).
                "  client_body_temp_path " + temp.resolve("body") + ";",
                "  proxy_temp_path " + temp.resolve("proxy") + ";",
                "  fastcgi_temp_path " + temp.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + temp.resolve("uwsgi") + ";",
                "  scgi_temp_path " + temp.resolve("scgi") + ";",
                "  server {",
                "    listen " + Loopback.HOST + ":" + port + ";",
                "    location /dav/ {",
                "      alias " + files + "/;",
                "      dav_methods PUT DELETE MKCOL COPY MOVE;",
                "      dav_ext_methods PROPFIND OPTIONS;",
                "      dav_access user:rw group:r all:r;",
                "      create_full_put_path on;",
                "      client_max_body_size 0;",
                "      auth_basic \"stratus-bench\";",
                "      auth_basic_user_file " + htpasswd + ";",
                "    }",
                "  }",
                "}"));
        return String.join("\n", lines) + "\n";
    }
}
