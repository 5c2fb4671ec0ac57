package org.stratus.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stratus.testing.DavClient;
import org.stratus.testing.StratusTestServer;
import org.stratus.testing.TestDatabase;

/**
 * The moment of a failover that no retry can hide: PostgreSQL applied the COMMIT (and, in synchronous mode, so did
 * the standby that becomes the new leader) but the connection died before the reply came back. The
 * PatroniFailoverTest meets it in about one leader kill out of two; here a proxy between Stratus and PostgreSQL makes
 * it happen on purpose: it forwards the COMMIT, drops the reply and cuts the connection.
 */
class LostCommitReplyTest {

    private static CommitCuttingProxy proxy;
    private static StratusTestServer server;
    private static DavClient dav;

    /**
     * prepareThreshold=0: the driver sends COMMIT as text every time (after five uses it would otherwise send only a
     * reference to a server-prepared statement, which the proxy cannot recognize).
     */
    @BeforeAll
    static void start() throws IOException {
        String direct = TestDatabase.newDatabase();
        int port = Integer.parseInt(direct.replaceAll("^jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/.*$", "$1"));
        proxy = new CommitCuttingProxy(port);
        server = StratusTestServer.builder()
                .database(direct.replace(":" + port + "/", ":" + proxy.port() + "/") + "?sslmode=disable&prepareThreshold=0")
                .property("stratus.db.retry.window=3s")
                .start();
        dav = DavClient.admin(server);
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aPutWhoseCommitReplyIsLostAnswers503AndTheCommittedFileKeepsItsContent() {
        String path = "/remote.php/dav/files/admin/lost-reply.bin";
        byte[] content = new byte[20_000];
        new Random(42).nextBytes(content);

        proxy.cutAfterNextCommit();
        HttpResponse<String> put = dav.put(path, content);

        assertThat(proxy.cut()).as("the proxy saw a COMMIT and cut the connection after it").isTrue();
        assertThat(put.statusCode()).as(put.body()).isEqualTo(503);
        assertThat(put.body()).contains("may not have been applied");
        // PostgreSQL committed: the file exists, so it must have its content (the blob was not thrown away as if
        // the transaction had rolled back).
        HttpResponse<byte[]> get = dav.get(path);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(WriteLoad.sha1(get.body())).isEqualTo(WriteLoad.sha1(content));
    }

    /**
     * A TCP proxy to PostgreSQL. Once armed, the first client message that contains {@code COMMIT} is forwarded, the
     * server's reply is dropped, and both sides are closed shortly after: the commit is applied, the client never
     * learns it.
     */
    static final class CommitCuttingProxy implements AutoCloseable {
        private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

        private final ServerSocket listener;
        private final int target;
        private final AtomicBoolean armed = new AtomicBoolean();
        private final AtomicBoolean cut = new AtomicBoolean();

        CommitCuttingProxy(int target) throws IOException {
            this.target = target;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "commit-cutting-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        void cutAfterNextCommit() {
            cut.set(false);
            armed.set(true);
        }

        boolean cut() {
            return cut.get();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                    AtomicBoolean dropReplies = new AtomicBoolean();
                    pump(client, server, dropReplies, true);
                    pump(server, client, dropReplies, false);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void pump(Socket from, Socket to, AtomicBoolean dropReplies, boolean clientToServer) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[16384];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        if (clientToServer && contains(buffer, n, COMMIT) && armed.compareAndSet(true, false)) {
                            dropReplies.set(true);
                            out.write(buffer, 0, n);
                            out.flush();
                            Thread.sleep(500); // PostgreSQL commits and replies; the reply is dropped
                            cut.set(true);
                            from.close();
                            to.close();
                            return;
                        }
                        if (!clientToServer && dropReplies.get()) {
                            continue;
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // one side closed: close the other
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }, "proxy-pump");
            thread.setDaemon(true);
            thread.start();
        }

        private static boolean contains(byte[] buffer, int length, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (buffer[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
