package org.stratus.bench.peers;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Apache httpd 2.4 with mod_dav + mod_dav_fs, run as its own instance from a config generated in the work folder
 * (never the system service). Event MPM with 2 children of 64 threads started up front (room for 64 requests in
 * flight without spawning), up to 256; keep-alive on, unlimited requests per connection, 60 s idle; no body limit;
 * sendfile on; a combined-format access log to a file, as every peer writes one line per request.
 *
 * <p>Two variants: {@code apache} checks HTTP Basic against a bcrypt htpasswd file (cost 5, what {@code htpasswd -B}
 * does by default; no credential cache, so each request pays one bcrypt check) and {@code apache-noauth} serves
 * without authentication, the ceiling of what a C server does with the file system.
 *
 * <p>Quirks: PROPFIND answers {@code getetag}, {@code getcontentlength}, {@code getlastmodified},
 * {@code resourcetype}, {@code creationdate}, {@code supportedlock}, {@code lockdiscovery}, {@code getcontenttype}
 * (mod_mime); Depth infinity is refused (403, DavDepthInfinity off, as on every peer but Stratus). MKCOL, MOVE and
 * COPY of collections accept URIs with or without a trailing slash; Overwrite: F is honoured (412).
 */
public final class ApachePeer extends ProcessPeer {

    private static final Path MODULES = Path.of("/usr/lib/apache2/modules");
    private static final List<String> MODULE_NAMES = List.of("mpm_event", "authz_core", "authn_core", "authn_file",
            "auth_basic", "authz_user", "mime", "alias", "dav", "dav_fs");

    private final boolean authenticate;

    private ApachePeer(boolean authenticate) {
        super(authenticate ? "apache" : "apache-noauth");
        this.authenticate = authenticate;
    }

    /** {@code apache}: HTTP Basic against a bcrypt htpasswd file. */
    public static ApachePeer withBasicAuth() {
        return new ApachePeer(true);
    }

    /** {@code apache-noauth}: no authentication at all. */
    public static ApachePeer withoutAuth() {
        return new ApachePeer(false);
    }

    @Override
    public List<String> missingPackages() {
        return Packages.missing(List.of("apache2", "apache2-utils"));
    }

    @Override
    public void start(PeerContext context) throws Exception {
        Path root = context.workDir().toAbsolutePath();
        Path files = Files.createDirectories(root.resolve("files"));
        Path lockDir = Files.createDirectories(root.resolve("lock"));
        Files.createDirectories(root.resolve("logs"));
        ServiceAccount.makeReachable(files);
        ServiceAccount.handOver(files, lockDir);
        Optional<Credentials> credentials = authenticate ? Optional.of(context.credentials()) : Optional.empty();
        Path htpasswd = root.resolve("htpasswd");
        if (authenticate) {
            Htpasswd.write(htpasswd, context.credentials());
        }
        int port = Loopback.freePort();
        Path config = Files.writeString(root.resolve("httpd.conf"), config(root, files, lockDir, htpasswd, port));
        serving(URI.create("http://" + Loopback.HOST + ":" + port + "/dav/"), credentials);
        describe(Commands.version("apache2", "-v").replace("Server version: ", "") + ", mod_dav_fs, event MPM "
                + "(2x64 threads, max 256), keep-alive unlimited/60 s, sendfile, access log to file"
                + (authenticate ? ", Basic auth bcrypt cost " + Htpasswd.BCRYPT_COST : ", no auth"));

        long launchedAt = System.nanoTime();
        // -DFOREGROUND: the parent stays in the foreground, so it is our child and SIGTERM stops the instance.
        launch(ServerProcess.start("apache2", List.of("apache2", "-f", config.toString(), "-DFOREGROUND"),
                root.resolve("logs/stdout.log"), Map.of()));
        awaitReady(launchedAt);
    }

    private String config(Path root, Path files, Path lockDir, Path htpasswd, int port) {
        List<String> lines = new ArrayList<>();
        lines.add("ServerRoot \"" + root + "\"");
        lines.add("ServerName " + Loopback.HOST);
        lines.add("Listen " + Loopback.HOST + ":" + port);
        lines.add("PidFile \"" + root.resolve("logs/httpd.pid") + "\"");
        lines.add("DefaultRuntimeDir \"" + root.resolve("logs") + "\"");
        for (String module : MODULE_NAMES) {
            lines.add("LoadModule " + module + "_module \"" + MODULES.resolve("mod_" + module + ".so") + "\"");
        }
        lines.addAll(ServiceAccount.when(List.of("User " + ServiceAccount.USER, "Group " + ServiceAccount.USER)));
        lines.addAll(List.of(
                "ErrorLog \"" + root.resolve("logs/error.log") + "\"",
                "LogLevel warn",
                "LogFormat \"%h %l %u %t \\\"%r\\\" %>s %O \\\"%{Referer}i\\\" \\\"%{User-Agent}i\\\"\" combined",
                "CustomLog \"" + root.resolve("logs/access.log") + "\" combined",
                "TypesConfig /etc/mime.types",
                "StartServers 2",
                "ServerLimit 4",
                "ThreadLimit 64",
                "ThreadsPerChild 64",
                "MaxRequestWorkers 256",
                "MinSpareThreads 64",
                "MaxSpareThreads 256",
                "MaxConnectionsPerChild 0",
                "KeepAlive On",
                "MaxKeepAliveRequests 0",
                "KeepAliveTimeout 60",
                "Timeout 300",
                "EnableSendfile On",
                "LimitRequestBody 0",
                "DavLockDB \"" + lockDir.resolve("DavLock") + "\"",
                "DocumentRoot \"" + files + "\"",
                "<Directory />",
                "  AllowOverride None",
                "  Require all denied",
                "</Directory>",
                "Alias /dav/ \"" + files + "/\"",
                "<Directory \"" + files + "\">",
                "  Options None",
                "  AllowOverride None",
                "  Dav On"));
        if (authenticate) {
            lines.addAll(List.of(
                    "  AuthType Basic",
                    "  AuthName \"stratus-bench\"",
                    "  AuthBasicProvider file",
                    "  AuthUserFile \"" + htpasswd + "\"",
                    "  Require valid-user"));
        } else {
            lines.add("  Require all granted");
        }
        lines.add("</Directory>");
        return String.join("\n", lines) + "\n";
    }
}
