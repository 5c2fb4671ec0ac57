package org.stratus.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 in front of a real server, that can break connections the way a network does: reset the
 * open ones, refuse the next ones with a reset, or refuse all. Nothing above TCP is faked, so the client under test
 * sees genuine "connection reset" failures.
 */
public final class FaultyTcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private volatile boolean down;

    public FaultyTcpProxy(URI upstream) {
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort());
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "faulty-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code http://127.0.0.1:PORT} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Resets every open connection and the next {@code count} new ones. */
    public void breakConnections(int count) {
        refuseNext.set(count);
        open.forEach(FaultyTcpProxy::reset);
    }

    /** While down, every connection is reset at once, as when the server's host is gone. */
    public void down(boolean down) {
        this.down = down;
        if (down) {
            open.forEach(FaultyTcpProxy::reset);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (down || refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    reset(client);
                    continue;
                }
                Socket server = new Socket();
                server.connect(upstream, 5000);
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                // listener closed, or the upstream refused: the client sees its connection closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side went away
            } finally {
                open.remove(from);
                open.remove(to);
                close(from);
                close(to);
            }
        }, "faulty-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // close with RST, not FIN
        } catch (IOException e) {
            // already closed
        }
        close(socket);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // nothing to do
        }
        open.forEach(FaultyTcpProxy::close);
    }
}
