package org.stratus.bench.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Every peer listens on 127.0.0.1 only, on a port the kernel says is free. */
final class Loopback {

    static final String HOST = "127.0.0.1";

    private Loopback() {}

    /**
     * A port free on 127.0.0.1 right now. The server binds it a moment later, so another process could take it in
     * between; the servers here cannot be given port 0 and report back, and a lost race fails the start loudly.
     */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }
}
