package org.stratus.bench.peers;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A server the bench does not start: {@code --url} points at a running deployment (its files root). Its processes
 * are not ours to sample, so CPU and memory are not reported.
 */
public final class ExternalPeer implements Peer {

    private final String name;
    private final URI filesRoot;
    private final Optional<Credentials> credentials;

    public ExternalPeer(String name, String url, Optional<Credentials> credentials) {
        this.name = name;
        try {
            this.filesRoot = new URI(url.endsWith("/") ? url : url + "/");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a URL: " + url, e);
        }
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> missingPackages() {
        return List.of();
    }

    @Override
    public void start(PeerContext context) {}

    @Override
    public URI filesRoot() {
        return filesRoot;
    }

    @Override
    public Optional<Credentials> credentials() {
        return credentials;
    }

    @Override
    public List<Long> processIds() {
        return List.of();
    }

    @Override
    public Duration startupTime() {
        return Duration.ZERO;
    }

    @Override
    public String description() {
        return "running server at " + filesRoot + " (not started by the bench)";
    }

    @Override
    public void close() {}
}
