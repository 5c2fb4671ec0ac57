package org.stratus.bench.peers;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every peer shares: the processes it launched (stopped in reverse order), the files root, the credentials, the
 * measured start-up time. Subclasses launch and describe; this class keeps the bookkeeping in one place.
 */
abstract class ProcessPeer implements Peer {

    /** Longest wait for a server to answer after launch; three JVMs and PostgreSQL on two cores take a while. */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    /** Time a server gets to stop on SIGTERM before SIGKILL. */
    static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final String name;
    private final List<ServerProcess> processes = new ArrayList<>();
    private URI filesRoot;
    private Optional<Credentials> credentials = Optional.empty();
    private Duration startupTime;
    private String description;

    ProcessPeer(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final URI filesRoot() {
        return require(filesRoot, "filesRoot");
    }

    @Override
    public final Optional<Credentials> credentials() {
        return credentials;
    }

    @Override
    public List<Long> processIds() {
        return processes.stream().map(ServerProcess::pid).toList();
    }

    @Override
    public final Duration startupTime() {
        return require(startupTime, "startupTime");
    }

    @Override
    public final String description() {
        return require(description, "description");
    }

    /** Starts a process and remembers it, so that close() stops it even if start() fails later. */
    final ServerProcess launch(ServerProcess process) {
        processes.add(process);
        return process;
    }

    final List<ServerProcess> processes() {
        return List.copyOf(processes);
    }

    final void serving(URI filesRoot, Optional<Credentials> credentials) {
        this.filesRoot = filesRoot;
        this.credentials = credentials;
    }

    /** Waits for the files root to answer an authenticated PROPFIND and records the time since {@code launchedAt}. */
    final void awaitReady(long launchedAt) throws InterruptedException {
        Readiness.await(filesRoot, credentials, processes(), STARTUP_TIMEOUT);
        startupTime = Duration.ofNanos(System.nanoTime() - launchedAt);
    }

    final void describe(String description) {
        this.description = description;
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop(STOP_GRACE);
        }
        processes.clear();
    }

    private <T> T require(T value, String what) {
        if (value == null) {
            throw new IllegalStateException(name + ": " + what + " is known only after start()");
        }
        return value;
    }

    @Override
    public String toString() {
        return name;
    }
}
