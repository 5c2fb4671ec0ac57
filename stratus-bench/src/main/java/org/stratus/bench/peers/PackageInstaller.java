package org.stratus.bench.peers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs the Debian packages the chosen peers lack, when running as root; otherwise the caller prints
 * {@link #command(List)} for the operator to run.
 */
public final class PackageInstaller {

    private PackageInstaller() {}

    /** Every package any of {@code peers} lacks, each once, in the peers' order. */
    public static List<String> missing(Collection<? extends Peer> peers) {
        Set<String> missing = new LinkedHashSet<>();
        peers.forEach(peer -> missing.addAll(peer.missingPackages()));
        return List.copyOf(missing);
    }

    public static boolean canInstall() {
        return ServiceAccount.runningAsRoot();
    }

    /** The command that installs {@code packages}, to show when the bench cannot run it itself. */
    public static String command(List<String> packages) {
        return "sudo apt-get install -y --no-install-recommends " + String.join(" ", packages);
    }

    /**
     * Runs {@code apt-get install -y}; when that fails (stale or missing package lists, as on a fresh container),
     * runs {@code apt-get update} once and tries again.
     *
     * @throws IOException with apt's output when the packages still cannot be installed
     */
    public static void install(List<String> packages) throws IOException, InterruptedException {
        if (packages.isEmpty()) {
            return;
        }
        if (!canInstall()) {
            throw new IOException("Installing packages needs root; run: " + command(packages));
        }
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "--no-install-recommends"));
        install.addAll(packages);
        Map<String, String> environment = Map.of("DEBIAN_FRONTEND", "noninteractive");
        if (Commands.run(install, environment, null, 900).exitCode() == 0) {
            return;
        }
        Commands.check(List.of("apt-get", "update"), environment, null, 600);
        Commands.check(install, environment, null, 900);
    }
}
