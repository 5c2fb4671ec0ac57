package org.stratus.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Apache refuses to serve as root and nginx drops its workers to an unprivileged user, as in a deployment: both run
 * as Debian's {@code www-data}, which must own what they write and be able to reach it.
 */
final class ServiceAccount {

    static final String USER = "www-data";

    private ServiceAccount() {}

    /** Effective uid 0, read from /proc (the user name need not be "root" in a container). */
    static boolean runningAsRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[2]).findFirst().orElse("").equals("0");
        } catch (IOException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Gives {@code folders} (and what is in them) to www-data when running as root; else they stay ours. */
    static void handOver(Path... folders) throws IOException {
        if (!runningAsRoot()) {
            return;
        }
        UserPrincipalLookupService lookup = Path.of("/").getFileSystem().getUserPrincipalLookupService();
        var user = lookup.lookupPrincipalByName(USER);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(USER);
        for (Path folder : folders) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.toList()) {
                    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
                    view.setOwner(user);
                    view.setGroup(group);
                }
            }
        }
    }

    /**
     * Lets www-data reach {@code path}: adds search (x) permission for others to it and to each ancestor that lacks
     * it. A JUnit or mktemp folder is created 0700, which would hide the files from the workers.
     */
    static void makeReachable(Path path) throws IOException {
        if (!runningAsRoot()) {
            return;
        }
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p);
            if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, permissions);
            }
        }
    }

    /** The {@code User}/{@code user} directive lines are only valid when the master starts as root. */
    static List<String> when(List<String> lines) {
        return runningAsRoot() ? lines : List.of();
    }
}
